//! RSA keys of `std/crypto` (`modules/crypto/crypto_keys.int`). Ballerina's key records show
//! only their `algorithm`; the Java implementation attaches the key to the record value as
//! native data. Here the runtime keeps the same association: a thread-local table from the
//! record (held weakly, so the table never keeps a record alive, and a dead entry is never
//! matched by a new record at the same address) to the key's DER. A copy of the record
//! (`clone()`) has no key, as in Ballerina. PEM parsing and the signatures are `std/jwt`'s
//! (ring).

use crate::args;
use crate::jwt::crypto::{
    certificate_from_pem, parse_certificate, private_key_from_pem, sign, verify, AsymmetricAlg,
    PublicKey,
};
use intc_runtime::value::MapObj;
use intc_runtime::{NativeContext, Panic, Value};
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// A key record and its key's DER (a PKCS#8/PKCS#1 private key or an X.509 certificate).
type KeyEntry = (Weak<MapObj>, Rc<Vec<u8>>);

thread_local! {
    static KEYS: RefCell<Vec<KeyEntry>> = const { RefCell::new(Vec::new()) };
}

fn attach(record: &Value, der: Vec<u8>) {
    let Some(map) = record.as_map() else {
        return;
    };
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        keys.retain(|(owner, _)| owner.strong_count() > 0);
        keys.push((Rc::downgrade(map), Rc::new(der)));
    });
}

fn key_of(record: &Value) -> Option<Rc<Vec<u8>>> {
    let map = record.as_map()?;
    KEYS.with(|keys| {
        keys.borrow()
            .iter()
            .find(|(owner, _)| owner.upgrade().is_some_and(|o| Rc::ptr_eq(&o, map)))
            .map(|(_, der)| der.clone())
    })
}

fn read(path: &str, missing: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            let absolute = std::path::absolute(path)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| path.to_string());
            format!("{missing}{absolute}")
        }
        _ => format!("Unable to do private key operations: {e}"),
    })
}

fn is_rsa_private_key(der: &[u8]) -> bool {
    ring::signature::RsaKeyPair::from_pkcs8(der).is_ok()
        || ring::signature::RsaKeyPair::from_der(der).is_ok()
}

pub fn attach_private_key(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = read(args::string(args, 1), "Key file not found at: ")
        .and_then(|pem| {
            private_key_from_pem(&pem)
                .map_err(|e| format!("Unable to do private key operations: {e}"))
        })
        .and_then(|der| {
            if is_rsa_private_key(&der) {
                Ok(der)
            } else {
                Err("Not a valid RSA key".to_string())
            }
        });
    Ok(match result {
        Ok(der) => {
            attach(&args[0], der);
            Value::Nil
        }
        Err(message) => args::error_value(context, &message),
    })
}

pub fn attach_public_key(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = read(args::string(args, 1), "Certificate file not found at: ")
        .and_then(|pem| {
            certificate_from_pem(&pem)
                .map_err(|e| format!("Unable to do public key operations: {e}"))
        })
        .and_then(|der| {
            match parse_certificate(&der).map(|c| matches!(c.key, PublicKey::Rsa(_))) {
                Some(true) => Ok(der),
                _ => Err("Not a valid RSA key".to_string()),
            }
        });
    Ok(match result {
        Ok(der) => {
            attach(&args[0], der);
            Value::Nil
        }
        Err(message) => args::error_value(context, &message),
    })
}

fn algorithm(args: &[Value]) -> AsymmetricAlg {
    AsymmetricAlg::from_name(args::string(args, 0)).unwrap_or(AsymmetricAlg::Rs256)
}

pub fn sign_native(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = match args.get(2).and_then(key_of) {
        Some(der) => sign(algorithm(args), &args::bytes(args, 1), &der)
            .map_err(|e| format!("Error occurred while calculating signature: {e}")),
        None => Err("Uninitialized private key: Key is not initialized".to_string()),
    };
    let value = result.map(|bytes| args::bytes_value(context, bytes));
    Ok(args::or_error(context, value))
}

pub fn verify_native(context: &mut NativeContext<'_>, args: &[Value]) -> Result<Value, Panic> {
    let result = match args.get(3).and_then(key_of) {
        Some(der) => verify(
            algorithm(args),
            &args::bytes(args, 1),
            &args::bytes(args, 2),
            &der,
        )
        .map(Value::Boolean)
        .map_err(|e| format!("Error occurred while calculating signature: {e}")),
        None => Err("Uninitialized public key: Key is not initialized".to_string()),
    };
    Ok(args::or_error(context, result))
}
