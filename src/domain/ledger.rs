//! The ledger's rules (`docs/money.md`): transaction statuses and their lifecycle, who may
//! write which transaction, wallet currencies and amounts, and a wallet's free balance.
//! No I/O: the caller reads the wallet, the viewer and the network's settings, and the
//! database enforces the money invariants again whatever the caller does.

use rust_decimal::Decimal;

pub use super::stages::PaymentStatus;

impl PaymentStatus {
    /// Whether the status can never change again.
    pub fn is_final(self) -> bool {
        self != PaymentStatus::Pending
    }
}

/// Who is writing a transaction, as far as the ledger's rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LedgerActor {
    /// An admin of the network.
    pub is_admin: bool,
    /// The owner of the transaction's wallet (for a payout-only transaction: the user
    /// the payout is owed to).
    pub is_owner: bool,
    /// A member of the team of the organization whose offering the transaction's payout
    /// belongs to (false when the transaction has no payout).
    pub is_payout_team: bool,
}

impl LedgerActor {
    /// Admins, and the paying team on transactions of their own payouts.
    fn settles(self) -> bool {
        self.is_admin || self.is_payout_team
    }
}

/// Why a transaction may not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// The currency is not a current ISO 4217 code.
    #[error("{0:?} is not a current ISO 4217 currency code (such as \"EUR\" or \"USD\").")]
    UnknownCurrency(String),
    /// The transaction's currency differs from its wallet's.
    #[error("The transaction is in {given} but the wallet holds {wallet}.")]
    CurrencyMismatch {
        /// The transaction's currency.
        given: String,
        /// The wallet's currency.
        wallet: String,
    },
    /// The amount is zero.
    #[error("A transaction amount cannot be zero.")]
    ZeroAmount,
    /// The amount has more decimal places than its currency has.
    #[error("{currency} amounts have at most {places} decimal places.")]
    TooPrecise {
        /// The currency.
        currency: String,
        /// Its decimal places.
        places: u32,
    },
    /// A debit larger than the wallet's free balance.
    #[error("The wallet's free balance is {free}; a debit of {wanted} would overdraw it.")]
    InsufficientFunds {
        /// The free balance.
        free: Decimal,
        /// The magnitude of the debit.
        wanted: Decimal,
    },
    /// The viewer may not write in this wallet at all.
    #[error("Only the wallet's owner or an admin may write transactions in it.")]
    NotYourWallet,
    /// A paid credit, or a final status at creation, by someone who may not settle.
    #[error(
        "Only an admin (or the offering's team, for its payouts) may record money as received."
    )]
    MayNotCredit,
    /// Pending to Paid or Failed by someone who may not settle.
    #[error(
        "Only an admin (or the offering's team, for its payouts) may settle a pending transaction."
    )]
    MayNotSettle,
    /// Cancelling a pending transaction one may not cancel.
    #[error("Only the wallet's owner or an admin may cancel a pending transaction.")]
    MayNotCancel,
    /// A change of a final transaction's status, or to Pending.
    #[error(
        "A {from:?} transaction cannot become {to:?}: only a Pending one changes, to Paid, Cancelled or Failed."
    )]
    FinalStatus {
        /// Its status.
        from: PaymentStatus,
        /// The status asked for.
        to: PaymentStatus,
    },
    /// The transaction cannot pay this payout.
    #[error("{0}")]
    PayoutConflict(&'static str),
}

/// Most wallets one user may have.
pub const MAX_WALLETS_PER_USER: i64 = 20;

/// What a payout link is checked against: the payout's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayoutSide<'a> {
    /// The payout.
    pub id: uuid::Uuid,
    /// The user it is owed to.
    pub user_id: uuid::Uuid,
    /// Its currency, if it has one.
    pub currency: Option<&'a str>,
}

/// What a payout link is checked against: the transaction's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransactionSide<'a> {
    /// The transaction's user (its wallet's owner).
    pub user_id: uuid::Uuid,
    /// Its currency, if it has one.
    pub currency: Option<&'a str>,
    /// The payout it pays already, if any.
    pub payout_id: Option<uuid::Uuid>,
}

/// Whether a transaction may pay `payout`: the payout is owed to the transaction's user,
/// in the same currency when both have one, and the transaction pays no other payout
/// yet. `Ok(false)` when it already pays this one (nothing to change).
pub fn check_payout_link(
    txn: TransactionSide<'_>,
    payout: PayoutSide<'_>,
) -> Result<bool, LedgerError> {
    match txn.payout_id {
        Some(current) if current == payout.id => return Ok(false),
        Some(_) => {
            return Err(LedgerError::PayoutConflict(
                "The transaction already pays another payout.",
            ));
        }
        None => {}
    }
    if txn.user_id != payout.user_id {
        return Err(LedgerError::PayoutConflict(
            "The payout is owed to another user than the transaction's.",
        ));
    }
    if let (Some(a), Some(b)) = (txn.currency, payout.currency)
        && a != b
    {
        return Err(LedgerError::PayoutConflict(
            "The payout is in another currency than the transaction.",
        ));
    }
    Ok(true)
}

/// Checks a wallet's currency: a current ISO 4217 code, returned as written.
pub fn check_currency(code: &str) -> Result<&str, LedgerError> {
    match iso_currency::Currency::from_code(code) {
        Some(currency) if currency.is_superseded().is_none() => Ok(code),
        _ => Err(LedgerError::UnknownCurrency(code.to_owned())),
    }
}

/// Checks a transaction's amount in `currency`: not zero, and no more decimal places
/// than the currency has (a yen has none).
pub fn check_amount(amount: Decimal, currency: &str) -> Result<(), LedgerError> {
    if amount.is_zero() {
        return Err(LedgerError::ZeroAmount);
    }
    let places = iso_currency::Currency::from_code(currency)
        .and_then(|c| c.exponent())
        .map_or(4, u32::from);
    if amount.normalize().scale() > places {
        return Err(LedgerError::TooPrecise {
            currency: currency.to_owned(),
            places,
        });
    }
    Ok(())
}

/// A transaction given in `given` (or in the wallet's currency when not given) belongs
/// in a wallet of `wallet`'s currency only.
pub fn check_same_currency(given: Option<&str>, wallet: &str) -> Result<(), LedgerError> {
    match given {
        Some(given) if given != wallet => Err(LedgerError::CurrencyMismatch {
            given: given.to_owned(),
            wallet: wallet.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// Whether `actor` may create a transaction of `amount` with `status`. The owner may take
/// money out (Paid or Pending) and announce a deposit (positive, Pending); money recorded
/// as received (positive Paid) and transactions created final without money (Cancelled,
/// Failed) are for admins and the paying team, or for the owner when the network allows
/// self credit (`wallet_self_credit`).
pub fn may_create(
    actor: LedgerActor,
    amount: Decimal,
    status: PaymentStatus,
    self_credit: bool,
) -> Result<(), LedgerError> {
    if !(actor.is_owner || actor.settles()) {
        return Err(LedgerError::NotYourWallet);
    }
    if actor.settles() {
        return Ok(());
    }
    let owner_may = match status {
        PaymentStatus::Pending => true,
        PaymentStatus::Paid => amount.is_sign_negative() || self_credit,
        PaymentStatus::Cancelled | PaymentStatus::Failed => false,
    };
    if owner_may {
        Ok(())
    } else {
        Err(LedgerError::MayNotCredit)
    }
}

/// Whether `actor` may move a transaction from `from` to `to`: only Pending changes, to a
/// final status; settling (Paid, Failed) is for admins and the paying team, cancelling
/// also for the owner.
pub fn may_change_status(
    actor: LedgerActor,
    from: PaymentStatus,
    to: PaymentStatus,
) -> Result<(), LedgerError> {
    if from.is_final() || !to.is_final() {
        return Err(LedgerError::FinalStatus { from, to });
    }
    if actor.settles() {
        return Ok(());
    }
    match to {
        PaymentStatus::Cancelled if actor.is_owner => Ok(()),
        PaymentStatus::Cancelled => Err(LedgerError::MayNotCancel),
        _ => Err(LedgerError::MayNotSettle),
    }
}

/// A wallet's sums, as the database keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WalletSums {
    /// Sum of the Paid amounts.
    pub balance: Decimal,
    /// Sum of the magnitudes of the Pending negative amounts.
    pub committed: Decimal,
}

impl WalletSums {
    /// What may still be spent: `balance - committed`.
    pub fn free(self) -> Decimal {
        self.balance - self.committed
    }

    /// The sums with a transaction of `amount` in `status` added.
    pub fn with(self, amount: Decimal, status: PaymentStatus) -> WalletSums {
        match status {
            PaymentStatus::Paid => WalletSums {
                balance: self.balance + amount,
                ..self
            },
            PaymentStatus::Pending if amount.is_sign_negative() => WalletSums {
                committed: self.committed - amount,
                ..self
            },
            _ => self,
        }
    }

    /// Refuses a new transaction that would leave the free balance negative. A deposit,
    /// or a transaction created Cancelled or Failed, never does.
    pub fn check_funds(self, amount: Decimal, status: PaymentStatus) -> Result<(), LedgerError> {
        if self.with(amount, status).free().is_sign_negative() {
            return Err(LedgerError::InsufficientFunds {
                free: self.free(),
                wanted: -amount,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::PaymentStatus::*;
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    const OWNER: LedgerActor = LedgerActor {
        is_admin: false,
        is_owner: true,
        is_payout_team: false,
    };
    const ADMIN: LedgerActor = LedgerActor {
        is_admin: true,
        is_owner: false,
        is_payout_team: false,
    };
    const TEAM: LedgerActor = LedgerActor {
        is_admin: false,
        is_owner: false,
        is_payout_team: true,
    };
    const STRANGER: LedgerActor = LedgerActor {
        is_admin: false,
        is_owner: false,
        is_payout_team: false,
    };

    type CreateCase = (
        LedgerActor,
        &'static str,
        PaymentStatus,
        bool,
        Result<(), LedgerError>,
    );

    #[test]
    fn who_may_create_which_transaction() {
        use LedgerError::*;
        let cases: &[CreateCase] = &[
            (OWNER, "-10", Paid, false, Ok(())),
            (OWNER, "-10", Pending, false, Ok(())),
            (OWNER, "10", Pending, false, Ok(())),
            (OWNER, "10", Paid, false, Err(MayNotCredit)),
            (OWNER, "10", Paid, true, Ok(())),
            (OWNER, "-10", Cancelled, false, Err(MayNotCredit)),
            (OWNER, "10", Failed, true, Err(MayNotCredit)),
            (ADMIN, "10", Paid, false, Ok(())),
            (ADMIN, "-10", Failed, false, Ok(())),
            (TEAM, "10", Paid, false, Ok(())),
            (STRANGER, "-10", Pending, false, Err(NotYourWallet)),
            (STRANGER, "10", Paid, true, Err(NotYourWallet)),
        ];
        for (actor, amount, status, self_credit, want) in cases {
            assert_eq!(
                may_create(*actor, d(amount), *status, *self_credit),
                *want,
                "{actor:?} {amount} {status:?} self_credit={self_credit}"
            );
        }
    }

    #[test]
    fn only_pending_changes_and_who_may_change_it() {
        use LedgerError::*;
        let cases: &[(
            LedgerActor,
            PaymentStatus,
            PaymentStatus,
            Result<(), LedgerError>,
        )] = &[
            (OWNER, Pending, Cancelled, Ok(())),
            (OWNER, Pending, Paid, Err(MayNotSettle)),
            (OWNER, Pending, Failed, Err(MayNotSettle)),
            (ADMIN, Pending, Paid, Ok(())),
            (ADMIN, Pending, Failed, Ok(())),
            (ADMIN, Pending, Cancelled, Ok(())),
            (TEAM, Pending, Paid, Ok(())),
            (STRANGER, Pending, Cancelled, Err(MayNotCancel)),
            (
                ADMIN,
                Pending,
                Pending,
                Err(FinalStatus {
                    from: Pending,
                    to: Pending,
                }),
            ),
            (
                ADMIN,
                Paid,
                Cancelled,
                Err(FinalStatus {
                    from: Paid,
                    to: Cancelled,
                }),
            ),
            (
                ADMIN,
                Cancelled,
                Paid,
                Err(FinalStatus {
                    from: Cancelled,
                    to: Paid,
                }),
            ),
            (
                OWNER,
                Failed,
                Pending,
                Err(FinalStatus {
                    from: Failed,
                    to: Pending,
                }),
            ),
        ];
        for (actor, from, to, want) in cases {
            assert_eq!(
                may_change_status(*actor, *from, *to),
                *want,
                "{actor:?} {from:?} → {to:?}"
            );
        }
    }

    #[test]
    fn free_balance_after_each_kind_of_transaction() {
        let start = WalletSums {
            balance: d("100"),
            committed: d("30"),
        };
        let cases = [
            ("-70", Paid, Ok(d("0"))),
            ("-70", Pending, Ok(d("0"))),
            ("-70.01", Paid, Err(())),
            ("-70.01", Pending, Err(())),
            ("500", Pending, Ok(d("70"))),
            ("500", Paid, Ok(d("570"))),
            ("-500", Cancelled, Ok(d("70"))),
            ("-500", Failed, Ok(d("70"))),
        ];
        for (amount, status, want) in cases {
            let got = start
                .check_funds(d(amount), status)
                .map(|()| start.with(d(amount), status).free())
                .map_err(|_| ());
            assert_eq!(got, want, "{amount} {status:?}");
        }
        assert_eq!(
            start.check_funds(d("-71"), Paid),
            Err(LedgerError::InsufficientFunds {
                free: d("70"),
                wanted: d("71")
            })
        );
    }

    #[test]
    fn currencies_are_current_iso_4217_codes() {
        for ok in ["EUR", "USD", "JPY", "GBP", "CHF"] {
            assert_eq!(check_currency(ok), Ok(ok));
        }
        for bad in ["", "eur", "EURO", "ABC", "XYZ", "VES", "12€"] {
            assert!(check_currency(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_are_not_zero_nor_finer_than_their_currency() {
        assert_eq!(check_amount(d("0"), "EUR"), Err(LedgerError::ZeroAmount));
        assert_eq!(check_amount(d("0.00"), "EUR"), Err(LedgerError::ZeroAmount));
        assert_eq!(check_amount(d("10.25"), "EUR"), Ok(()));
        assert_eq!(check_amount(d("10.2500"), "EUR"), Ok(()));
        assert!(check_amount(d("10.255"), "EUR").is_err());
        assert_eq!(check_amount(d("1000"), "JPY"), Ok(()));
        assert!(check_amount(d("1000.5"), "JPY").is_err());
        assert_eq!(check_amount(d("1.125"), "BHD"), Ok(()));
    }

    #[test]
    fn a_transaction_is_in_its_wallets_currency() {
        assert_eq!(check_same_currency(None, "EUR"), Ok(()));
        assert_eq!(check_same_currency(Some("EUR"), "EUR"), Ok(()));
        assert!(matches!(
            check_same_currency(Some("USD"), "EUR"),
            Err(LedgerError::CurrencyMismatch { .. })
        ));
    }

    #[test]
    fn status_codes_round_trip() {
        for status in [Pending, Paid, Cancelled, Failed] {
            assert_eq!(PaymentStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(PaymentStatus::from_code(4), None);
        assert_eq!(PaymentStatus::from_code(-1), None);
    }

    #[test]
    fn payout_links() {
        let (u, other, p, q) = (
            uuid::Uuid::from_u128(1),
            uuid::Uuid::from_u128(2),
            uuid::Uuid::from_u128(10),
            uuid::Uuid::from_u128(11),
        );
        let txn = |payout_id, currency| TransactionSide {
            user_id: u,
            currency,
            payout_id,
        };
        let payout = |user_id, currency| PayoutSide {
            id: p,
            user_id,
            currency,
        };
        let cases: &[(TransactionSide, PayoutSide, Result<bool, ()>)] = &[
            (txn(None, Some("EUR")), payout(u, Some("EUR")), Ok(true)),
            (txn(None, Some("EUR")), payout(u, None), Ok(true)),
            (txn(None, None), payout(u, Some("USD")), Ok(true)),
            (txn(Some(p), Some("EUR")), payout(u, Some("EUR")), Ok(false)),
            (txn(Some(q), Some("EUR")), payout(u, Some("EUR")), Err(())),
            (txn(None, Some("EUR")), payout(other, Some("EUR")), Err(())),
            (txn(None, Some("EUR")), payout(u, Some("USD")), Err(())),
        ];
        for (t, po, want) in cases {
            let got = check_payout_link(*t, *po).map_err(|_| ());
            assert_eq!(&got, want, "{t:?} {po:?}");
        }
    }
}
