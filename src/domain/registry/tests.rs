//! Table tests of every registry rule, and property tests that split, merge and
//! distribution plans conserve shares exactly.

use std::str::FromStr;

use proptest::prelude::*;

use super::*;
use crate::domain::stages::{InvestmentStage, OfferingStage};
use crate::error::{Code, codes};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

const ORG: u128 = 100;
const OWNER: u128 = 200;

fn block(n: u128, stage: CapitalizationStage, shares: &str, price: &str) -> Block {
    Block {
        id: id(n),
        organization_id: id(ORG),
        owner_id: Some(id(OWNER)),
        capitalization_type: CapitalizationType::Equity,
        stage,
        number_of_shares: d(shares),
        price_per_share: d(price),
    }
}

fn issued(n: u128, shares: &str, price: &str) -> Block {
    block(n, CapitalizationStage::Issued, shares, price)
}

fn part(shares: &str, price: &str) -> SplitPart {
    SplitPart {
        number_of_shares: d(shares),
        price_per_share: d(price),
    }
}

fn bid(n: u128, stage: InvestmentStage, shares: Option<&str>) -> Bid {
    Bid {
        investment_id: id(n),
        investor_id: id(1000 + n),
        stage,
        number_of_shares: shares.map(d),
    }
}

#[test]
fn stages_live_consumed_issued_and_settable() {
    use CapitalizationStage as S;
    let table = [
        // stage, live, counts as issued, settable by update
        (S::Authorized, true, false, true),
        (S::Issued, true, true, true),
        (S::Offered, true, true, true),
        (S::Treasury, true, true, true),
        (S::Distributed, false, false, false),
        (S::Merged, false, false, false),
    ];
    for (stage, live, counted, settable) in table {
        assert_eq!(stage.is_live(), live, "{stage:?}");
        assert_eq!(stage.is_consumed(), !live, "{stage:?}");
        assert_eq!(stage.counts_as_issued(), counted, "{stage:?}");
        assert_eq!(stage.settable_by_update(), settable, "{stage:?}");
    }
    let codes: Vec<i16> = S::ALL.iter().map(|s| s.code()).collect();
    assert_eq!(codes, [0, 1, 2, 3, 4, 5]);
}

#[test]
fn unknown_type_and_stage_codes_are_refused() {
    assert_eq!(parse_type(2), Ok(CapitalizationType::Debt));
    assert_eq!(parse_type(3), Err(RegistryError::UnknownType(3)));
    assert_eq!(parse_type(-1), Err(RegistryError::UnknownType(-1)));
    assert_eq!(parse_stage(5), Ok(CapitalizationStage::Merged));
    assert_eq!(parse_stage(6), Err(RegistryError::UnknownStage(6)));
    assert_eq!(
        parse_type(9).unwrap_err().code(),
        codes::CAPITALIZATION_TYPE_UNKNOWN
    );
    assert_eq!(
        parse_stage(9).unwrap_err().code(),
        codes::CAPITALIZATION_STAGE_UNKNOWN
    );
}

#[test]
fn share_counts_by_type() {
    use CapitalizationType as T;
    let table = [
        (T::Equity, "100", true),
        (T::Equity, "0", true),
        (T::Equity, "100.00000000", true),
        (T::Equity, "100.5", false),
        (T::Equity, "-1", false),
        (T::PreferredEquity, "7", true),
        (T::PreferredEquity, "0.1", false),
        (T::Debt, "0.12345678", true),
        (T::Debt, "0.123456789", false),
        (T::Debt, "-0.5", false),
        (T::Debt, "9999999999999999.99999999", true),
        (T::Debt, "10000000000000000", false),
        (T::Equity, "-0", true),
    ];
    for (kind, shares, ok) in table {
        let got = check_shares(kind, d(shares));
        assert_eq!(got.is_ok(), ok, "{kind:?} {shares}: {got:?}");
        if let Err(e) = got {
            assert_eq!(e.code(), codes::SHARES_INVALID);
        }
    }
    assert_eq!(check_shares(T::Equity, d("100.000")), Ok(d("100")));
}

#[test]
fn prices() {
    for (price, ok) in [
        ("0", true),
        ("1.5", true),
        ("0.00000001", true),
        ("0.000000001", false),
        ("-0.01", false),
        ("10000000000000000", false),
    ] {
        let got = check_price(d(price));
        assert_eq!(got.is_ok(), ok, "{price}: {got:?}");
        if let Err(e) = got {
            assert_eq!(e.code(), codes::PRICE_INVALID);
        }
    }
}

#[test]
fn updates_never_touch_a_consumed_row_nor_set_distributed_or_merged() {
    use CapitalizationStage as S;
    let live = issued(1, "10", "1");
    assert_eq!(check_update(&live, None), Ok(()));
    assert_eq!(check_update(&live, Some(S::Offered)), Ok(()));
    assert_eq!(check_update(&live, Some(S::Authorized)), Ok(()));
    for stage in [S::Distributed, S::Merged] {
        let e = check_update(&live, Some(stage)).unwrap_err();
        assert_eq!(e, RegistryError::StageNotSettable(stage));
        assert_eq!(e.code(), codes::CAPITALIZATION_STAGE_NOT_SETTABLE);
        assert!(check_create_stage(stage).is_err());
        let consumed = block(2, stage, "10", "1");
        let e = check_update(&consumed, None).unwrap_err();
        assert_eq!(e.code(), codes::CAPITALIZATION_CONSUMED);
        assert!(check_update(&consumed, Some(S::Issued)).is_err());
    }
    assert_eq!(check_create_stage(S::Treasury), Ok(()));
}

#[test]
fn split_cases() {
    use CapitalizationStage as S;
    let parent = issued(1, "100", "1");
    type Case = (Block, Vec<SplitPart>, Option<Code>);
    let cases: Vec<Case> = vec![
        (
            parent.clone(),
            vec![part("40", "1.5"), part("60", "2.5")],
            None,
        ),
        (
            parent.clone(),
            vec![part("40", "1"), part("50", "1")],
            Some(codes::SPLIT_SUM_MISMATCH),
        ),
        (
            parent.clone(),
            vec![part("40", "1"), part("70", "1")],
            Some(codes::SPLIT_SUM_MISMATCH),
        ),
        (
            parent.clone(),
            vec![part("100", "1")],
            Some(codes::SPLIT_TOO_FEW_CHILDREN),
        ),
        (parent.clone(), vec![], Some(codes::SPLIT_TOO_FEW_CHILDREN)),
        (
            parent.clone(),
            vec![part("100", "1"), part("0", "1")],
            Some(codes::SPLIT_CHILD_EMPTY),
        ),
        (
            parent.clone(),
            vec![part("50.5", "1"), part("49.5", "1")],
            Some(codes::SHARES_INVALID),
        ),
        (
            parent.clone(),
            vec![part("150", "1"), part("-50", "1")],
            Some(codes::SHARES_INVALID),
        ),
        (
            parent.clone(),
            vec![part("50", "-1"), part("50", "1")],
            Some(codes::PRICE_INVALID),
        ),
        (
            block(1, S::Offered, "100", "1"),
            vec![part("50", "1"), part("50", "1")],
            Some(codes::CAPITALIZATION_NOT_ISSUED),
        ),
        (
            block(1, S::Authorized, "100", "1"),
            vec![part("50", "1"), part("50", "1")],
            Some(codes::CAPITALIZATION_NOT_ISSUED),
        ),
        (
            block(1, S::Distributed, "100", "1"),
            vec![part("50", "1"), part("50", "1")],
            Some(codes::CAPITALIZATION_CONSUMED),
        ),
        (
            block(1, S::Merged, "100", "1"),
            vec![part("50", "1"), part("50", "1")],
            Some(codes::CAPITALIZATION_CONSUMED),
        ),
    ];
    for (parent, parts, refused) in cases {
        let got = plan_split(&parent, &parts);
        assert_eq!(
            got.as_ref().err().map(RegistryError::code),
            refused,
            "{parts:?}: {got:?}"
        );
    }
    let children = plan_split(&parent, &[part("40", "1.5"), part("60", "2.5")]).unwrap();
    assert_eq!(children.len(), 2);
    for c in &children {
        assert_eq!(c.owner_id, parent.owner_id);
        assert_eq!(c.stage, S::Issued);
        assert_eq!(c.investment_id, None);
    }
    assert_eq!(
        (children[0].number_of_shares, children[1].price_per_share),
        (d("40"), d("2.5"))
    );
    // Debt parts may be fractional.
    let mut debt = issued(3, "1", "1");
    debt.capitalization_type = CapitalizationType::Debt;
    assert!(plan_split(&debt, &[part("0.33333333", "1"), part("0.66666667", "1")]).is_ok());
}

#[test]
fn merge_cases() {
    use CapitalizationStage as S;
    let a = issued(1, "100", "1.00");
    let b = issued(2, "100", "2.00");
    let mut other_owner = issued(3, "5", "1");
    other_owner.owner_id = Some(id(999));
    let mut other_org = issued(4, "5", "1");
    other_org.organization_id = id(998);
    let mut other_type = issued(5, "5", "1");
    other_type.capitalization_type = CapitalizationType::PreferredEquity;
    let mut unowned = issued(6, "5", "1");
    unowned.owner_id = None;
    let cases: Vec<(Vec<Block>, Option<RegistryError>)> = vec![
        (vec![a.clone(), b.clone()], None),
        (vec![a.clone()], Some(RegistryError::MergeTooFew(1))),
        (vec![], Some(RegistryError::MergeTooFew(0))),
        (
            vec![a.clone(), a.clone()],
            Some(RegistryError::MergeTooFew(1)),
        ),
        (
            vec![a.clone(), other_owner],
            Some(RegistryError::MergeMixed(Mismatch::Owner)),
        ),
        (
            vec![a.clone(), unowned],
            Some(RegistryError::MergeMixed(Mismatch::Owner)),
        ),
        (
            vec![a.clone(), other_org],
            Some(RegistryError::MergeMixed(Mismatch::Organization)),
        ),
        (
            vec![a.clone(), other_type],
            Some(RegistryError::MergeMixed(Mismatch::Type)),
        ),
        (
            vec![a.clone(), block(7, S::Offered, "1", "1")],
            Some(RegistryError::NotIssued {
                id: id(7),
                stage: S::Offered,
            }),
        ),
        (
            vec![a.clone(), block(8, S::Merged, "1", "1")],
            Some(RegistryError::Consumed {
                id: id(8),
                stage: S::Merged,
            }),
        ),
    ];
    for (parents, refused) in cases {
        let got = plan_merge(&parents);
        assert_eq!(got.as_ref().err(), refused.as_ref(), "{parents:?}");
    }
    assert_eq!(
        RegistryError::MergeMixed(Mismatch::Type).code(),
        codes::MERGE_MIXED
    );
    assert_eq!(RegistryError::MergeTooFew(1).code(), codes::MERGE_TOO_FEW);
    let child = plan_merge(&[a.clone(), b.clone(), a.clone()]).unwrap();
    assert_eq!(child.number_of_shares, d("200"));
    assert_eq!(child.price_per_share, d("1.5"));
    assert_eq!(child.owner_id, Some(id(OWNER)));
    assert_eq!(child.stage, S::Issued);
}

#[test]
fn merge_price_is_weighted_and_rounded_half_to_even_at_8_places() {
    let cases = [
        // (shares, price) of each parent, expected price
        (vec![("1", "1"), ("2", "2")], "1.66666667"),
        (vec![("3", "1"), ("1", "0")], "0.75"),
        // 0.000000005 exactly: half to even keeps 0.00000000.
        (vec![("1", "0.00000001"), ("1", "0")], "0.00000000"),
        // 0.000000015: half to even gives 0.00000002.
        (vec![("1", "0.00000003"), ("1", "0")], "0.00000002"),
        // No shares at all: the plain average.
        (vec![("0", "1"), ("0", "2")], "1.5"),
    ];
    for (parents, expected) in cases {
        let rows: Vec<Block> = parents
            .iter()
            .enumerate()
            .map(|(i, (s, p))| issued(i as u128 + 1, s, p))
            .collect();
        let child = plan_merge(&rows).unwrap();
        assert_eq!(child.price_per_share, d(expected), "{parents:?}");
    }
}

#[test]
fn distribution_cases() {
    use CapitalizationStage as S;
    use InvestmentStage as I;
    let offered = block(1, S::Offered, "100", "2");
    let bids = [
        bid(3, I::Settled, Some("30")),
        bid(2, I::Settled, Some("50")),
        bid(4, I::Withdrawn, Some("500")),
        bid(5, I::Approved, Some("500")),
        bid(6, I::Settled, Some("0")),
    ];
    let children = plan_distribution(OfferingStage::Settled, Some(&offered), &bids).unwrap();
    let got: Vec<(Option<Uuid>, Decimal, Option<Uuid>)> = children
        .iter()
        .map(|c| (c.owner_id, c.number_of_shares, c.investment_id))
        .collect();
    assert_eq!(
        got,
        [
            (Some(id(1002)), d("50"), Some(id(2))),
            (Some(id(1003)), d("30"), Some(id(3))),
            (Some(id(OWNER)), d("20"), None),
        ]
    );
    assert!(
        children
            .iter()
            .all(|c| c.stage == S::Issued && c.price_per_share == d("2"))
    );
    // Exactly the block: no remainder child.
    let exact = [bid(2, I::Settled, Some("100"))];
    assert_eq!(
        plan_distribution(OfferingStage::Settled, Some(&offered), &exact)
            .unwrap()
            .len(),
        1
    );

    let cases: Vec<(OfferingStage, Option<Block>, Vec<Bid>, Code)> = vec![
        (
            OfferingStage::Closing,
            Some(offered.clone()),
            vec![],
            codes::DISTRIBUTION_NOT_SETTLED,
        ),
        (
            OfferingStage::Canceled,
            Some(offered.clone()),
            vec![],
            codes::DISTRIBUTION_NOT_SETTLED,
        ),
        (
            OfferingStage::Settled,
            None,
            vec![],
            codes::DISTRIBUTION_NO_CAPITALIZATION,
        ),
        (
            OfferingStage::Settled,
            Some(block(1, S::Issued, "100", "1")),
            vec![],
            codes::DISTRIBUTION_NO_CAPITALIZATION,
        ),
        (
            OfferingStage::Settled,
            Some(block(1, S::Distributed, "100", "1")),
            vec![],
            codes::ALREADY_DISTRIBUTED,
        ),
        (
            OfferingStage::Settled,
            Some(block(1, S::Merged, "100", "1")),
            vec![],
            codes::CAPITALIZATION_CONSUMED,
        ),
        (
            OfferingStage::Settled,
            Some(offered.clone()),
            vec![
                bid(2, I::Settled, Some("60")),
                bid(3, I::Settled, Some("41")),
            ],
            codes::BIDS_ABOVE_BLOCK,
        ),
        (
            OfferingStage::Settled,
            Some(offered.clone()),
            vec![bid(2, I::Settled, None)],
            codes::SHARES_INVALID,
        ),
        (
            OfferingStage::Settled,
            Some(offered.clone()),
            vec![bid(2, I::Settled, Some("1.5"))],
            codes::SHARES_INVALID,
        ),
    ];
    for (stage, block, bids, code) in cases {
        let got = plan_distribution(stage, block.as_ref(), &bids);
        assert_eq!(
            got.as_ref().err().map(RegistryError::code),
            Some(code),
            "{stage:?} {bids:?}"
        );
    }
}

#[test]
fn issued_within_authorized_per_organization_and_type() {
    use CapitalizationStage as S;
    let rows = |v: &[(S, &str)]| Totals::of(v.iter().map(|(s, n)| (*s, d(n))));
    let cases = [
        (vec![(S::Issued, "1000")], true),
        (
            vec![
                (S::Authorized, "100"),
                (S::Issued, "60"),
                (S::Offered, "40"),
            ],
            true,
        ),
        (
            vec![
                (S::Authorized, "100"),
                (S::Issued, "60"),
                (S::Treasury, "41"),
            ],
            false,
        ),
        (
            vec![
                (S::Authorized, "60"),
                (S::Authorized, "40"),
                (S::Offered, "100"),
            ],
            true,
        ),
        // Consumed rows do not count.
        (
            vec![
                (S::Authorized, "100"),
                (S::Distributed, "100"),
                (S::Merged, "100"),
                (S::Issued, "100"),
            ],
            true,
        ),
        (vec![(S::Authorized, "0"), (S::Issued, "1")], false),
    ];
    for (v, ok) in cases {
        let got = rows(&v).check();
        assert_eq!(got.is_ok(), ok, "{v:?}");
        if let Err(e) = got {
            assert_eq!(e.code(), codes::ABOVE_AUTHORIZED);
        }
    }
}

#[test]
fn attach_cases() {
    use CapitalizationStage as S;
    let offered = block(1, S::Offered, "100", "1");
    let org = id(ORG);
    let cases = [
        (offered.clone(), org, Some("100"), false, None),
        (offered.clone(), org, None, false, None),
        (
            offered.clone(),
            org,
            Some("100.5"),
            false,
            Some(codes::ATTACH_ABOVE_BLOCK),
        ),
        (
            offered.clone(),
            org,
            Some("1"),
            true,
            Some(codes::ATTACH_TAKEN),
        ),
        (
            offered.clone(),
            id(5),
            Some("1"),
            false,
            Some(codes::ATTACH_NOT_OFFERED),
        ),
        (
            block(1, S::Issued, "100", "1"),
            org,
            None,
            false,
            Some(codes::ATTACH_NOT_OFFERED),
        ),
        (
            block(1, S::Distributed, "100", "1"),
            org,
            None,
            false,
            Some(codes::CAPITALIZATION_CONSUMED),
        ),
    ];
    for (b, org, n, elsewhere, refused) in cases {
        let got = check_attach(&b, org, n.map(d), elsewhere);
        assert_eq!(
            got.err().map(|e| e.code()),
            refused,
            "{b:?} {n:?} {elsewhere}"
        );
    }
}

#[test]
fn who_may_do_what() {
    use RegistryAction as A;
    let admin = RegistryActor {
        is_admin: true,
        ..Default::default()
    };
    let member = RegistryActor {
        is_member: true,
        ..Default::default()
    };
    let owner = RegistryActor {
        is_owner: true,
        ..Default::default()
    };
    let stranger = RegistryActor::default();
    let table = [
        // action, admin, member, owner, stranger
        (A::Create, true, true, false, false),
        (A::Update, true, true, false, false),
        (A::Split, true, true, true, false),
        (A::Merge, true, true, true, false),
        (A::Distribute, true, false, false, false),
    ];
    for (action, a, m, o, s) in table {
        for (actor, ok) in [(admin, a), (member, m), (owner, o), (stranger, s)] {
            let got = check_may(actor, action);
            assert_eq!(got.is_ok(), ok, "{action:?} {actor:?}");
            if let Err(e) = got {
                assert_eq!(e.code(), codes::FORBIDDEN);
            }
        }
    }
}

/// Up to 8 decimal places for Debt, whole otherwise.
fn shares_of(kind: CapitalizationType, raw: u64) -> Decimal {
    if kind.whole_shares() {
        Decimal::from(raw)
    } else {
        Decimal::new(raw as i64, SCALE)
    }
}

fn kind_strategy() -> impl Strategy<Value = CapitalizationType> {
    prop_oneof![
        Just(CapitalizationType::Equity),
        Just(CapitalizationType::PreferredEquity),
        Just(CapitalizationType::Debt),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_split_conserves_shares_exactly(
        kind in kind_strategy(),
        parts in proptest::collection::vec((1_u64..=1_000_000_000_000, 0_u64..=100_000_000_000), 2..20),
        off_by in 0_u64..=2,
    ) {
        let parts: Vec<SplitPart> = parts
            .iter()
            .map(|(s, p)| SplitPart {
                number_of_shares: shares_of(kind, *s),
                price_per_share: Decimal::new(*p as i64, SCALE),
            })
            .collect();
        let total: Decimal = parts.iter().map(|p| p.number_of_shares).sum();
        let mut parent = issued(1, "0", "1");
        parent.capitalization_type = kind;
        parent.number_of_shares = total + shares_of(kind, off_by);
        let got = plan_split(&parent, &parts);
        if off_by == 0 {
            let children = got.unwrap();
            let sum: Decimal = children.iter().map(|c| c.number_of_shares).sum();
            prop_assert_eq!(sum, parent.number_of_shares);
        } else {
            prop_assert_eq!(got.unwrap_err().code(), codes::SPLIT_SUM_MISMATCH);
        }
    }

    #[test]
    fn a_merge_conserves_shares_and_its_value_to_rounding(
        kind in kind_strategy(),
        rows in proptest::collection::vec((0_u64..=1_000_000_000_000, 0_u64..=100_000_000_000), 2..20),
    ) {
        let parents: Vec<Block> = rows
            .iter()
            .enumerate()
            .map(|(i, (s, p))| {
                let mut b = issued(i as u128 + 1, "0", "0");
                b.capitalization_type = kind;
                b.number_of_shares = shares_of(kind, *s);
                b.price_per_share = Decimal::new(*p as i64, SCALE);
                b
            })
            .collect();
        let child = plan_merge(&parents).unwrap();
        let shares: Decimal = parents.iter().map(|p| p.number_of_shares).sum();
        prop_assert_eq!(child.number_of_shares, shares);
        prop_assert!(child.price_per_share.scale() <= SCALE);
        if !shares.is_zero() {
            let value: Decimal = parents.iter().map(|p| p.number_of_shares * p.price_per_share).sum();
            let exact = value / shares;
            let half_unit = Decimal::new(5, SCALE + 1);
            prop_assert!((child.price_per_share - exact).abs() <= half_unit);
            let lo = parents.iter().map(|p| p.price_per_share).min().unwrap();
            let hi = parents.iter().map(|p| p.price_per_share).max().unwrap();
            prop_assert!(lo <= child.price_per_share && child.price_per_share <= hi);
        }
    }

    #[test]
    fn a_distribution_conserves_shares_or_changes_nothing(
        kind in kind_strategy(),
        block_raw in 0_u64..=1_000_000_000_000,
        bids in proptest::collection::vec((0_u64..=300_000_000_000, 0_usize..5), 0..30),
    ) {
        let stages = InvestmentStage::ALL;
        let mut offered = block(1, CapitalizationStage::Offered, "0", "3");
        offered.capitalization_type = kind;
        offered.number_of_shares = shares_of(kind, block_raw);
        let bids: Vec<Bid> = bids
            .iter()
            .enumerate()
            .map(|(i, (s, st))| Bid {
                investment_id: id(10_000 - i as u128),
                investor_id: id(20_000 + i as u128),
                stage: stages[*st],
                number_of_shares: Some(shares_of(kind, *s)),
            })
            .collect();
        let asked: Decimal = bids
            .iter()
            .filter(|b| b.stage == InvestmentStage::Settled)
            .map(|b| b.number_of_shares.unwrap())
            .sum();
        match plan_distribution(OfferingStage::Settled, Some(&offered), &bids) {
            Ok(children) => {
                prop_assert!(asked <= offered.number_of_shares);
                let sum: Decimal = children.iter().map(|c| c.number_of_shares).sum();
                prop_assert_eq!(sum, offered.number_of_shares);
                prop_assert!(children.iter().all(|c| c.number_of_shares > Decimal::ZERO));
                let ids: Vec<Uuid> = children.iter().filter_map(|c| c.investment_id).collect();
                let mut sorted = ids.clone();
                sorted.sort();
                prop_assert_eq!(ids, sorted);
            }
            Err(e) => {
                prop_assert!(asked > offered.number_of_shares);
                prop_assert_eq!(e.code(), codes::BIDS_ABOVE_BLOCK);
            }
        }
    }
}
