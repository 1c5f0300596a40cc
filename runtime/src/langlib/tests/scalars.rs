//! `lang.string`, `lang.int`, `lang.float`, `lang.decimal`, `lang.boolean`.

use super::*;
use intc_decimal::Decimal;
use std::str::FromStr;

fn d(text: &str) -> Value {
    Value::decimal(Decimal::from_str(text).unwrap_or_default())
}

#[test]
fn substring_and_search_by_code_point() {
    let mut h = Harness::new();
    let text = s("hello world");
    assert_eq!(
        h.show("lang.string:substring", &[text.clone(), Value::Int(6)]),
        "world"
    );
    assert_eq!(
        h.show(
            "lang.string:substring",
            &[text.clone(), Value::Int(0), Value::Int(5)]
        ),
        "hello"
    );
    assert_eq!(h.show("lang.string:indexOf", &[text.clone(), s("o")]), "4");
    assert_eq!(
        h.show(
            "lang.string:indexOf",
            &[text.clone(), s("o"), Value::Int(5)]
        ),
        "7"
    );
    assert_eq!(h.show("lang.string:indexOf", &[text.clone(), s("xyz")]), "");
    assert_eq!(
        h.show("lang.string:lastIndexOf", &[text.clone(), s("o")]),
        "7"
    );
    assert_eq!(
        h.show(
            "lang.string:lastIndexOf",
            &[text.clone(), s("o"), Value::Int(6)]
        ),
        "4"
    );
    assert_eq!(
        h.show("lang.string:includes", &[text.clone(), s("lo w")]),
        "true"
    );
    assert_eq!(
        h.show(
            "lang.string:includes",
            &[text.clone(), s("hello"), Value::Int(1)]
        ),
        "false"
    );
    assert_eq!(
        h.show("lang.string:startsWith", &[text.clone(), s("hell")]),
        "true"
    );
    assert_eq!(
        h.show("lang.string:endsWith", &[text.clone(), s("hello")]),
        "false"
    );
    let accented = s("héllo wörld");
    assert_eq!(
        h.show("lang.string:length", std::slice::from_ref(&accented)),
        "11"
    );
    assert_eq!(
        h.show("lang.string:indexOf", &[accented.clone(), s("ö")]),
        "7"
    );
    assert_eq!(
        h.show(
            "lang.string:substring",
            &[accented.clone(), Value::Int(1), Value::Int(4)]
        ),
        "éll"
    );
    assert_eq!(h.show("lang.string:lastIndexOf", &[accented, s("l")]), "9");
    assert_eq!(
        h.show(
            "lang.string:lastIndexOf",
            &[s("aéb"), s("b"), Value::Int(1)]
        ),
        ""
    );
    assert_eq!(
        h.show(
            "lang.string:lastIndexOf",
            &[s("aébé"), s("é"), Value::Int(2)]
        ),
        "1"
    );
    assert_eq!(
        h.panic_text(
            "lang.string:substring",
            &[s("abc"), Value::Int(2), Value::Int(10)]
        ),
        r#"error("{ballerina/lang.string}StringOperationError",message="string index out of range. Length:'3' requested: '2' to '10'")"#
    );
    assert_eq!(
        h.show("lang.string:substring", &[s("abc"), Value::Int(3)]),
        ""
    );
}

#[test]
fn case_trim_and_padding() {
    let mut h = Harness::new();
    assert_eq!(
        h.show("lang.string:trim", &[s("  Mixed Case \t\n")]),
        "Mixed Case"
    );
    assert_eq!(h.show("lang.string:toUpperAscii", &[s("abÄc")]), "ABÄC");
    assert_eq!(h.show("lang.string:toLowerAscii", &[s("ÄbC")]), "Äbc");
    assert_eq!(
        h.show("lang.string:equalsIgnoreCaseAscii", &[s("abc"), s("ABC")]),
        "true"
    );
    assert_eq!(
        h.show("lang.string:padStart", &[s("7"), Value::Int(3), s("0")]),
        "007"
    );
    assert_eq!(
        h.show("lang.string:padStart", &[s("ab"), Value::Int(5)]),
        "   ab"
    );
    assert_eq!(
        h.show("lang.string:padEnd", &[s("ab"), Value::Int(4), s("*")]),
        "ab**"
    );
    assert_eq!(
        h.show("lang.string:padStart", &[s("long"), Value::Int(2), s("x")]),
        "long"
    );
    assert_eq!(
        h.show("lang.string:padZero", &[s("42"), Value::Int(5)]),
        "00042"
    );
    assert_eq!(
        h.show("lang.string:padZero", &[s("-42"), Value::Int(5)]),
        "-0042"
    );
}

#[test]
fn join_concat_code_points_and_bytes() {
    let mut h = Harness::new();
    assert_eq!(
        h.show("lang.string:join", &[s(", "), s("a"), s("b"), s("c")]),
        "a, b, c"
    );
    assert_eq!(h.show("lang.string:join", &[s("-")]), "");
    assert_eq!(
        h.show("lang.string:concat", &[s("ab"), s("cd"), s("ef")]),
        "abcdef"
    );
    assert_eq!(
        h.show("lang.string:getCodePoint", &[s("Hi!"), Value::Int(0)]),
        "72"
    );
    assert!(h
        .call("lang.string:getCodePoint", &[s("Hi!"), Value::Int(3)])
        .is_err());
    assert_eq!(
        h.show("lang.string:toCodePointInts", &[s("Hi!")]),
        "[72,105,33]"
    );
    let points = h.ints(&[72, 105]);
    assert_eq!(h.show("lang.string:fromCodePointInts", &[points]), "Hi");
    let bad_points = h.ints(&[0x10FFFF, 0x110000]);
    assert_eq!(
        h.show("lang.string:fromCodePointInts", &[bad_points]),
        r#"error("Invalid codepoint: 1114112")"#
    );
    assert_eq!(h.show("lang.string:toBytes", &[s("é")]), "[195,169]");
    let bytes = h.ints(&[104, 105]);
    assert_eq!(h.show("lang.string:fromBytes", &[bytes]), "hi");
    let bad = h.ints(&[255, 254]);
    assert!(matches!(
        h.call("lang.string:fromBytes", &[bad]),
        Ok(Value::Error(_))
    ));
    assert_eq!(
        h.show("lang.string:fromCodePointInt", &[Value::Int(0x1F600)]),
        "\u{1F600}"
    );
}

#[test]
fn int_functions() {
    let mut h = Harness::new();
    assert_eq!(h.show("lang.int:abs", &[Value::Int(-17)]), "17");
    assert_eq!(
        h.panic_text("lang.int:abs", &[Value::Int(i64::MIN)]),
        r#"error("{ballerina/lang.int}NumberOverflow",message="int range overflow")"#
    );
    let four = [Value::Int(3), Value::Int(9), Value::Int(-2), Value::Int(7)];
    assert_eq!(h.show("lang.int:max", &four), "9");
    assert_eq!(h.show("lang.int:min", &four), "-2");
    assert_eq!(h.show("lang.int:sum", &four), "17");
    assert_eq!(h.show("lang.int:sum", &[]), "0");
    assert!(h
        .call("lang.int:sum", &[Value::Int(i64::MAX), Value::Int(1)])
        .is_err());
    assert_eq!(h.show("lang.int:toHexString", &[Value::Int(255)]), "ff");
    assert_eq!(h.show("lang.int:toHexString", &[Value::Int(-255)]), "-ff");
    assert_eq!(h.show("lang.int:fromHexString", &[s("ff")]), "255");
    assert_eq!(h.show("lang.int:fromString", &[s("123")]), "123");
    assert_eq!(h.show("lang.int:fromString", &[s("-45")]), "-45");
    assert_eq!(h.show("lang.int:fromString", &[s("+7")]), "7");
    assert_eq!(
        h.show("lang.int:fromString", &[s("-9223372036854775808")]),
        "-9223372036854775808"
    );
    assert_eq!(
        h.show("lang.int:fromString", &[s("12x")]),
        r#"error("{ballerina/lang.int}NumberParsingError",message="'string' value '12x' cannot be converted to 'int'")"#
    );
    for bad in ["", "-", "9223372036854775808", " 1", "1.0"] {
        assert!(
            matches!(
                h.call("lang.int:fromString", &[s(bad)]),
                Ok(Value::Error(_))
            ),
            "accepted {bad:?}"
        );
    }
    assert_eq!(h.show("lang.boolean:fromString", &[s("true")]), "true");
    assert_eq!(h.show("lang.boolean:fromString", &[s("FALSE")]), "false");
    assert_eq!(h.show("lang.boolean:fromString", &[s("1")]), "true");
    assert_eq!(
        h.show("lang.boolean:fromString", &[s("yes")]),
        r#"error("{ballerina/lang.boolean}BooleanParsingError",message="'string' value 'yes' cannot be converted to 'boolean'")"#
    );
    assert!(matches!(
        h.call("lang.boolean:fromString", &[s("yes")]),
        Ok(Value::Error(_))
    ));
}

#[test]
fn float_functions() {
    let mut h = Harness::new();
    let f = Value::Float;
    assert_eq!(h.show("lang.float:round", &[f(2.7)]), "3.0");
    assert_eq!(h.show("lang.float:round", &[f(2.5)]), "2.0");
    assert_eq!(h.show("lang.float:round", &[f(3.5)]), "4.0");
    assert_eq!(h.show("lang.float:round", &[f(-2.7)]), "-3.0");
    assert_eq!(
        h.show("lang.float:round", &[f(5.12345), Value::Int(2)]),
        "5.12"
    );
    assert_eq!(
        h.show("lang.float:round", &[f(1234.5), Value::Int(-2)]),
        "1200.0"
    );
    assert_eq!(
        h.show("lang.float:round", &[f(2.675), Value::Int(2)]),
        "2.68"
    );
    assert_eq!(
        h.show("lang.float:round", &[f(2.665), Value::Int(2)]),
        "2.66"
    );
    assert_eq!(
        h.show("lang.float:round", &[f(-0.125), Value::Int(2)]),
        "-0.12"
    );
    assert_eq!(
        h.show("lang.float:round", &[f(0.004), Value::Int(1)]),
        "0.0"
    );
    assert_eq!(
        h.show("lang.float:round", &[f(1234.5), Value::Int(-5)]),
        "0.0"
    );
    assert_eq!(h.show("lang.float:round", &[f(1.5), Value::Int(7)]), "1.5");
    assert_eq!(
        h.show("lang.float:round", &[f(1e300), Value::Int(-299)]),
        "1.0E300"
    );
    assert_eq!(h.show("lang.float:floor", &[f(-2.3)]), "-3.0");
    assert_eq!(h.show("lang.float:ceiling", &[f(-2.3)]), "-2.0");
    assert_eq!(h.show("lang.float:sqrt", &[f(2.25)]), "1.5");
    assert_eq!(h.show("lang.float:pow", &[f(2.0), f(10.0)]), "1024.0");
    assert_eq!(h.show("lang.float:abs", &[f(-1.5)]), "1.5");
    assert_eq!(
        h.show("lang.float:max", &[f(1.5), f(3.25), f(-2.0)]),
        "3.25"
    );
    assert_eq!(
        h.show("lang.float:min", &[f(1.5), f(3.25), f(-2.0)]),
        "-2.0"
    );
    assert_eq!(h.show("lang.float:max", &[f(1.5), f(f64::NAN)]), "NaN");
    assert_eq!(h.show("lang.float:sum", &[f(0.5), f(0.25), f(0.25)]), "1.0");
    assert_eq!(h.show("lang.float:sum", &[]), "0.0");
    assert_eq!(h.show("lang.float:isNaN", &[f(f64::NAN)]), "true");
    assert_eq!(h.show("lang.float:isInfinite", &[f(f64::INFINITY)]), "true");
    assert_eq!(h.show("lang.float:isFinite", &[f(f64::INFINITY)]), "false");
    assert_eq!(h.show("lang.float:fromString", &[s("3.25")]), "3.25");
    assert_eq!(h.show("lang.float:fromString", &[s("1e3")]), "1000.0");
    assert_eq!(
        h.show("lang.float:fromString", &[s("-Infinity")]),
        "-Infinity"
    );
    assert_eq!(h.show("lang.float:fromString", &[s("NaN")]), "NaN");
    for bad in ["abc", "", "1e", ".", "inf", "1.5f", "0x10"] {
        assert!(
            matches!(
                h.call("lang.float:fromString", &[s(bad)]),
                Ok(Value::Error(_))
            ),
            "accepted {bad:?}"
        );
    }
    assert_eq!(
        h.show("lang.float:toFixedString", &[f(5.12345), Value::Int(2)]),
        "5.12"
    );
    assert_eq!(
        h.show("lang.float:toExpString", &[f(150.0), Value::Int(1)]),
        "1.5e+2"
    );
    assert_eq!(h.show("lang.float:log", &[f(1.0)]), "0.0");
    assert_eq!(h.show("lang.float:toFixedString", &[f(1.0)]), "1.0");
    assert_eq!(
        h.show("lang.float:toFixedString", &[f(1e20)]),
        "100000000000000000000"
    );
    assert_eq!(
        h.show("lang.float:toFixedString", &[f(-1.5e-5)]),
        "-0.000015"
    );
    assert_eq!(h.show("lang.float:toFixedString", &[f(1e-5)]), "0.000010");
    assert_eq!(
        h.show("lang.float:toFixedString", &[f(0.125), Value::Int(2)]),
        "0.12"
    );
    assert_eq!(h.show("lang.float:toExpString", &[f(0.0)]), "0.0e+0");
    assert_eq!(h.show("lang.float:toExpString", &[f(150.0)]), "1.5e+2");
    assert_eq!(
        h.show("lang.float:toExpString", &[f(0.00123), Value::Int(1)]),
        "1.2e-3"
    );
    let bits = h
        .call("lang.float:toBitsInt", &[f(1.5)])
        .unwrap_or_default();
    assert_eq!(h.show("lang.float:fromBitsInt", &[bits]), "1.5");
}

#[test]
fn decimal_functions() {
    let mut h = Harness::new();
    assert_eq!(h.show("lang.decimal:fromString", &[s("12.50")]), "12.50");
    assert_eq!(h.show("lang.decimal:fromString", &[s("-1.5E3")]), "-1.5E+3");
    assert!(matches!(
        h.call("lang.decimal:fromString", &[s("oops")]),
        Ok(Value::Error(_))
    ));
    assert!(matches!(
        h.call("lang.decimal:fromString", &[s("1.5d")]),
        Ok(Value::Error(_))
    ));
    assert_eq!(h.show("lang.decimal:round", &[d("2.346")]), "2");
    assert_eq!(
        h.show("lang.decimal:round", &[d("2.346"), Value::Int(2)]),
        "2.35"
    );
    assert_eq!(h.show("lang.decimal:round", &[d("2.5")]), "2");
    assert_eq!(
        h.show("lang.decimal:round", &[d("1250"), Value::Int(-2)]),
        "1.2E+3"
    );
    assert_eq!(
        h.show("lang.decimal:quantize", &[d("2.346"), d("0.01")]),
        "2.35"
    );
    assert_eq!(
        h.show("lang.decimal:avg", &[d("1"), d("2"), d("4")]),
        "2.333333333333333333333333333333333"
    );
    assert_eq!(h.show("lang.decimal:floor", &[d("2.346")]), "2");
    assert_eq!(h.show("lang.decimal:ceiling", &[d("2.346")]), "3");
    assert_eq!(h.show("lang.decimal:abs", &[d("-4.5")]), "4.5");
    assert_eq!(
        h.show("lang.decimal:max", &[d("1.5"), d("2.25"), d("0.75")]),
        "2.25"
    );
    assert_eq!(
        h.show("lang.decimal:min", &[d("1.5"), d("2.25"), d("0.75")]),
        "0.75"
    );
    assert_eq!(
        h.show("lang.decimal:sum", &[d("0.1"), d("0.2"), d("0.3")]),
        "0.6"
    );
}
