use super::*;

fn d(text: &str) -> Decimal {
    Decimal::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn to_string_follows_big_decimal() {
    for (input, shown) in [
        ("1.0", "1.0"),
        ("10.50", "10.50"),
        ("1e20", "1E+20"),
        ("1E-20", "1E-20"),
        ("0.000001", "0.000001"),
        ("0.0000001", "1E-7"),
        ("123.456e5", "1.23456E+7"),
        ("1.23e-10", "1.23E-10"),
        ("0.00", "0"),
        ("-0", "0"),
        ("-2.50", "-2.50"),
        ("+7", "7"),
        (".5", "0.5"),
    ] {
        assert_eq!(d(input).to_string(), shown, "{input}");
    }
}

#[test]
fn parsing_rejects_non_numbers_and_rounds_to_34_digits() {
    for bad in [
        "", "1.", ".", "e5", "1e", "NaN", "Infinity", "inf", "1d", "0x1F", "1 ",
    ] {
        assert_eq!(Decimal::parse(bad), Err(ParseError::Syntax), "{bad}");
    }
    assert_eq!(Decimal::parse("1e6145"), Err(ParseError::Overflow));
    assert_eq!(
        d("1.23456789012345678901234567890123456789").to_string(),
        "1.234567890123456789012345678901235"
    );
    assert!(d("1e-6200").is_zero());
}

#[test]
fn arithmetic_rounds_half_even_at_34_digits() {
    let third = Decimal::from_i64(1).checked_div(Decimal::from_i64(3));
    assert_eq!(
        third.map(|v| v.to_string()),
        Ok("0.3333333333333333333333333333333333".to_string())
    );
    assert_eq!(
        d("0.1").checked_add(d("0.2")).map(|v| v.to_string()),
        Ok("0.3".into())
    );
    assert_eq!(
        d("6.0").checked_div(d("2")).map(|v| v.to_string()),
        Ok("3.0".into())
    );
    assert_eq!(
        d("5.25").checked_rem(d("2")).map(|v| v.to_string()),
        Ok("1.25".into())
    );
    assert_eq!(
        d("-5.25").checked_rem(d("2")).map(|v| v.to_string()),
        Ok("-1.25".into())
    );
    let by_zero = |kind| Err(ArithError::DivisionByZero(kind));
    assert_eq!(
        d("1").checked_div(Decimal::ZERO),
        by_zero(NonFinite::Infinity)
    );
    assert_eq!(
        d("-1").checked_div(Decimal::ZERO),
        by_zero(NonFinite::NegativeInfinity)
    );
    assert_eq!(d("0").checked_div(Decimal::ZERO), by_zero(NonFinite::NaN));
    assert_eq!(d("1").checked_rem(Decimal::ZERO), by_zero(NonFinite::NaN));
    assert_eq!(
        d("9.999999999999999999999999999999999e6144").checked_mul(d("10")),
        Err(ArithError::Overflow)
    );
    assert!(d("1e-6143")
        .checked_mul(d("1e-10"))
        .is_ok_and(Decimal::is_zero));
}

#[test]
fn equality_ignores_precision_but_identity_does_not() {
    assert_eq!(d("1.0"), d("1.00"));
    assert!(!d("1.0").identical(d("1.00")));
    assert!(d("1.0").identical(d("1.0")));
    assert!(d("-1") < d("0.5"));
    assert_eq!((-d("0")).to_string(), "0");
}

#[test]
fn conversions_follow_jballerina() {
    assert_eq!(Decimal::from_int_conversion(12).to_string(), "12.0");
    assert_eq!(Decimal::from_int_conversion(0).to_string(), "0");
    assert_eq!(
        Decimal::from_i64(i64::MIN).to_string(),
        "-9223372036854775808"
    );
    for (x, shown) in [
        (0.1, "0.1"),
        (-12.34, "-12.34"),
        (1e21, "1.0E+21"),
        (100.0, "100.0"),
    ] {
        assert_eq!(
            Decimal::from_f64(x).map(|v| v.to_string()),
            Some(shown.to_string())
        );
    }
    assert_eq!(Decimal::from_f64(f64::NAN), None);
    assert_eq!(d("2.5").to_i64(), Some(2));
    assert_eq!(d("3.5").to_i64(), Some(4));
    assert_eq!(d("-2.5").to_i64(), Some(-2));
    assert_eq!(d("9223372036854775807.4").to_i64(), Some(i64::MAX));
    assert_eq!(d("9223372036854775807.5").to_i64(), None);
    assert_eq!(d("1e30").to_i64(), None);
    assert_eq!(d("0.1").to_f64(), 0.1);
}

#[test]
fn rounding_functions() {
    assert_eq!(d("2.5").round(0).to_string(), "2");
    assert_eq!(d("1.2345").round(2).to_string(), "1.23");
    assert_eq!(d("1.5").round(3).to_string(), "1.5");
    assert_eq!(d("1234.5").round(-2).to_string(), "1.2E+3");
    assert_eq!(d("1234.5").round(i64::MIN).to_string(), "0");
    assert_eq!(d("-1.5").floor().to_string(), "-2");
    assert_eq!(d("-1.5").ceiling().to_string(), "-1");
    assert_eq!(d("1E+3").floor().to_string(), "1000");
    assert_eq!(
        d("1.2345").quantize(d("0.01")).map(|v| v.to_string()),
        Ok("1.23".into())
    );
    assert_eq!(
        d("1").quantize(d("1e-40")),
        Err(ArithError::InvalidOperation)
    );
}

#[test]
fn java_float_strings() {
    for (x, shown) in [
        (1.0, "1.0"),
        (100.0, "100.0"),
        (1234567.0, "1234567.0"),
        (1e7, "1.0E7"),
        (1e21, "1.0E21"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e-7, "1.0E-7"),
        (0.001, "0.001"),
        (0.0001, "1.0E-4"),
        (-0.0, "-0.0"),
        (1.5e300, "1.5E300"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        (f64::NAN, "NaN"),
        (-123.456, "-123.456"),
        (f64::MAX, "1.7976931348623157E308"),
        (5e-324, "4.9E-324"),
    ] {
        assert_eq!(float_to_java_string(x), shown);
    }
}

#[test]
fn hex_literals() {
    let lit = |t: &str| Decimal::parse_literal(t).map(|v| v.to_string());
    assert_eq!(lit("0x1.8p1"), Ok("3.000".into()));
    assert_eq!(lit("0xAp0"), Ok("10".into()));
    assert_eq!(lit("0x1p-2"), Ok("0.25".into()));
    assert_eq!(lit("1.5"), Ok("1.5".into()));
    assert_eq!(lit("0xp1"), Err(ParseError::Syntax));
    assert_eq!(lit("0x1p-30000"), Ok("0".into()));
    assert_eq!(lit("0x1p30000"), Err(ParseError::Overflow));
    assert_eq!(lit("0x1p99999999999999999999"), Err(ParseError::Syntax));
}

#[test]
fn int_conversions_take_the_short_path_with_the_same_digits() {
    // The short paths (`decQuadFromInt32`, exponent set directly) against the general
    // conversion and rescale, compared by their exact text (coefficient and exponent).
    let general = |value: i64| {
        let mut ctx = dec::Context::<dec::Decimal128>::default();
        let mut d = dec::Decimal128::from(value);
        if value != 0 {
            ctx.rescale(&mut d, -1);
        }
        d.to_string()
    };
    for value in [
        0,
        1,
        -1,
        5,
        42,
        -314,
        214_748_364,
        214_748_365,
        -214_748_364,
        -214_748_365,
        i64::from(i32::MAX),
        i64::from(i32::MIN),
        i64::MAX,
        i64::MIN,
    ] {
        assert_eq!(
            Decimal::from_int_conversion(value).0.to_string(),
            general(value),
            "{value}"
        );
        assert_eq!(
            Decimal::from_i64(value).0.to_string(),
            dec::Decimal128::from(value).to_string(),
            "{value}"
        );
    }
}
