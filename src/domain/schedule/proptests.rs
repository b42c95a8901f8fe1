//! Hand-computed fan-out cases and property tests of schedules and their fan-out.

use std::str::FromStr;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn one(principal: &str, interest: &str) -> Vec<Installment> {
    vec![Installment {
        number: 1,
        due_date: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
        principal: d(principal),
        interest: d(interest),
        total: d(principal) + d(interest),
        balance_after: Decimal::ZERO,
    }]
}

/// (principal, interest, total) of each investment's only installment.
fn parts(installments: &[Installment], investments: &[(Uuid, Decimal)]) -> Vec<[Decimal; 3]> {
    fan_out(installments, investments, 2)
        .unwrap()
        .iter()
        .map(|s| {
            let i = &s.installments[0];
            [i.principal, i.interest, i.total]
        })
        .collect()
}

// Hand-computed: thirds of 100.00 are 33.333…, so one cent is left over; equal amounts
// and equal remainders give it to the smallest id.
#[test]
fn a_left_over_unit_goes_to_the_largest_remainder_then_amount_then_id() {
    let equal = [(id(2), d("1")), (id(1), d("1")), (id(3), d("1"))];
    let got = parts(&one("100.00", "1.00"), &equal);
    let want = [
        ["33.33", "0.33", "33.66"],
        ["33.34", "0.34", "33.68"],
        ["33.33", "0.33", "33.66"],
    ];
    assert_eq!(got, want.map(|r| r.map(d)));
    // 0.01 by 500 : 300 : 200 is 0.005, 0.003, 0.002 of a cent: the largest remainder wins.
    let weighted = [(id(1), d("200")), (id(2), d("500")), (id(3), d("300"))];
    let got = parts(&one("0.01", "0"), &weighted);
    assert_eq!(
        got.iter().map(|p| p[0]).collect::<Vec<_>>(),
        ["0", "0.01", "0"].map(d)
    );
    // 0.02 by 1 : 3 is 0.005 and 0.015: equal remainders, the larger amount wins.
    let got = parts(&one("0.02", "0"), &[(id(1), d("1")), (id(2), d("3"))]);
    assert_eq!(
        got.iter().map(|p| p[0]).collect::<Vec<_>>(),
        ["0", "0.02"].map(d)
    );
}

#[test]
fn an_investments_balance_counts_down_its_share() {
    let schedule = compute_schedule(&ScheduleTerms {
        principal: d("1000"),
        annual_rate_percent: d("6"),
        periods: 4,
        frequency: Frequency::Quarterly,
        first_due_date: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        method: Method::EqualPrincipal,
        interest: Interest::DecliningBalance,
        day_count: DayCount::Thirty360,
        minor_unit: 2,
    })
    .unwrap();
    let out = fan_out(&schedule, &[(id(1), d("750")), (id(2), d("250"))], 2).unwrap();
    let balances: Vec<_> = out[0]
        .installments
        .iter()
        .map(|i| i.balance_after)
        .collect();
    assert_eq!(balances, ["562.5", "375", "187.5", "0"].map(d));
    assert_eq!(out[1].installments[0].interest, d("3.75"));
}

#[test]
fn fan_out_refuses_what_it_cannot_split() {
    let inst = one("10", "1");
    assert_eq!(fan_out(&inst, &[], 2), Err(FanOutError::NoInvestments));
    let twice = [(id(1), d("1")), (id(2), d("2")), (id(1), d("3"))];
    assert_eq!(
        fan_out(&inst, &twice, 2),
        Err(FanOutError::DuplicateInvestment(id(1)))
    );
    for bad in ["0", "-1", "0.00001", "10000000000000000"] {
        assert_eq!(
            fan_out(&inst, &[(id(7), d(bad))], 2),
            Err(FanOutError::AmountInvalid(id(7)))
        );
    }
    assert_eq!(
        fan_out(&one("10.001", "0"), &[(id(1), d("1"))], 2),
        Err(FanOutError::PartInvalid(1))
    );
    assert_eq!(
        fan_out(&one("10", "-1"), &[(id(1), d("1"))], 2),
        Err(FanOutError::PartInvalid(1))
    );
    assert_eq!(
        fan_out(&inst, &[(id(1), d("1"))], 5),
        Err(FanOutError::MinorUnitUnsupported(5))
    );
    // 1,000 installments for 1,000 investments is one part too many per 1,000.
    let schedule: Vec<Installment> = (0..1000).flat_map(|_| one("1", "0")).collect();
    let crowd: Vec<(Uuid, Decimal)> = (0..=MAX_PARTS as u128 / 1000)
        .map(|i| (id(i), d("1")))
        .collect();
    assert_eq!(
        fan_out(&schedule, &crowd, 2),
        Err(FanOutError::TooManyParts {
            installments: 1000,
            investments: 1001
        })
    );
}

fn arb_terms() -> impl Strategy<Value = ScheduleTerms> {
    (
        (1_u64..=1_000_000_000_000, 0_u32..=4),
        0_u32..=300_000,
        1_u32..=360,
        prop_oneof![
            Just(Frequency::Weekly),
            Just(Frequency::Monthly),
            Just(Frequency::Quarterly),
            Just(Frequency::Semiannual),
            Just(Frequency::Annual),
        ],
        0_u64..20_000,
        prop_oneof![
            Just(Method::EqualInstallments),
            Just(Method::EqualPrincipal)
        ],
        prop_oneof![Just(Interest::DecliningBalance), Just(Interest::Flat)],
        prop_oneof![
            Just(DayCount::Actual365),
            Just(DayCount::Actual360),
            Just(DayCount::Thirty360)
        ],
    )
        .prop_map(
            |((units, places), rate, periods, frequency, day, method, interest, day_count)| {
                ScheduleTerms {
                    principal: Decimal::from_i128_with_scale(i128::from(units), places),
                    annual_rate_percent: Decimal::from_i128_with_scale(i128::from(rate), 4),
                    periods,
                    frequency,
                    first_due_date: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
                        + chrono::Days::new(day),
                    method,
                    interest,
                    day_count,
                    minor_unit: places,
                }
            },
        )
}

fn at_unit(amount: Decimal, places: u32) -> bool {
    amount.normalize().scale() <= places && !amount.is_sign_negative()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn schedules_repay_exactly_in_order(terms in arb_terms()) {
        let s = compute_schedule(&terms).unwrap();
        prop_assert_eq!(s.len(), terms.periods as usize);
        prop_assert_eq!(s.iter().map(|i| i.principal).sum::<Decimal>(), terms.principal);
        prop_assert_eq!(s.last().unwrap().balance_after, Decimal::ZERO);
        let mut balance = terms.principal;
        for (k, i) in s.iter().enumerate() {
            prop_assert_eq!(i.number as usize, k + 1);
            prop_assert!(at_unit(i.principal, terms.minor_unit));
            prop_assert!(at_unit(i.interest, terms.minor_unit));
            prop_assert_eq!(i.total, i.principal + i.interest);
            balance -= i.principal;
            prop_assert_eq!(i.balance_after, balance);
        }
        prop_assert_eq!(s[0].due_date, terms.first_due_date);
        prop_assert!(s.windows(2).all(|w| w[0].due_date < w[1].due_date));
        prop_assert_eq!(compute_schedule(&terms).unwrap(), s);
    }

    #[test]
    fn investor_parts_sum_to_each_installment(
        terms in arb_terms(),
        amounts in proptest::collection::vec((1_u64..=10_000_000_000, 0_u32..=4), 1..30),
        seed in any::<u64>(),
    ) {
        let s = compute_schedule(&terms).unwrap();
        let investments: Vec<(Uuid, Decimal)> = amounts
            .iter()
            .enumerate()
            .map(|(j, &(units, places))| {
                let amount = Decimal::from_i128_with_scale(i128::from(units), places);
                (Uuid::from_u128((u128::from(seed) << 32) | j as u128), amount)
            })
            .collect();
        let out = fan_out(&s, &investments, terms.minor_unit).unwrap();
        prop_assert_eq!(out.len(), investments.len());
        for (k, inst) in s.iter().enumerate() {
            let sum = |f: fn(&Installment) -> Decimal| {
                out.iter().map(|o| f(&o.installments[k])).sum::<Decimal>()
            };
            prop_assert_eq!(sum(|i| i.principal), inst.principal);
            prop_assert_eq!(sum(|i| i.interest), inst.interest);
            prop_assert_eq!(sum(|i| i.total), inst.total);
            for o in &out {
                let part = &o.installments[k];
                prop_assert!(at_unit(part.principal, terms.minor_unit));
                prop_assert!(at_unit(part.interest, terms.minor_unit));
                prop_assert_eq!(part.due_date, inst.due_date);
            }
        }
        for o in &out {
            prop_assert_eq!(o.installments.last().unwrap().balance_after, Decimal::ZERO);
        }
        // The order the investments come in changes nothing but the order of the result.
        let mut reversed = investments.clone();
        reversed.reverse();
        let mut again = fan_out(&s, &reversed, terms.minor_unit).unwrap();
        again.reverse();
        prop_assert_eq!(again, out);
    }
}

// The largest schedule the API creates in one go: 1,200 monthly installments fanned out
// to 500 investments of unequal amounts.
#[test]
fn the_longest_schedule_fans_out_to_many_investments() {
    let schedule = compute_schedule(&ScheduleTerms {
        principal: d("2500000.00"),
        annual_rate_percent: d("7.25"),
        periods: MAX_PERIODS,
        frequency: Frequency::Monthly,
        first_due_date: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        method: Method::EqualInstallments,
        interest: Interest::DecliningBalance,
        day_count: DayCount::Actual365,
        minor_unit: 2,
    })
    .unwrap();
    let investments: Vec<_> = (1..=500_u32)
        .map(|j| (id(u128::from(j)), Decimal::from(j * 37 % 1000 + 1)))
        .collect();
    let out = fan_out(&schedule, &investments, 2).unwrap();
    for (k, inst) in schedule.iter().enumerate() {
        let total: Decimal = out.iter().map(|o| o.installments[k].total).sum();
        assert_eq!(total, inst.total);
    }
    let principal: Decimal = out
        .iter()
        .flat_map(|o| o.installments.iter().map(|i| i.principal))
        .sum();
    assert_eq!(principal, d("2500000"));
}
