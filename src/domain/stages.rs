//! The enumerations of `docs/product.md` and their integer codes (the REST wire format and the
//! `SMALLINT` stored in PostgreSQL). GraphQL exposes them as enums.

use async_graphql::Enum;

/// Declares an enum whose variants map one-to-one to stored integer codes.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Enum)]
        #[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and REST integer code.
            pub const fn code(self) -> i16 {
                match self { $($name::$variant => $code),+ }
            }

            /// The variant stored as `code`, if any.
            pub fn from_code(code: i16) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

coded_enum! {
    /// Life-cycle stage of an Offering. Code 6 (`Live`) is a deprecated input alias of
    /// Published: see [`OfferingStage::from_input_code`].
    OfferingStage {
        /// Being prepared.
        Draft = 0,
        /// Submitted for review.
        Submitted = 1,
        /// Refused by the admins.
        Rejected = 2,
        /// Approved, not yet visible.
        Approved = 3,
        /// Visible to VIP users only.
        Restricted = 4,
        /// Visible to all and open for investment.
        Published = 5,
        /// Closing: no new investments.
        Closing = 7,
        /// Settled: investors are final.
        Settled = 8,
        /// Canceled: final.
        Canceled = 9,
    }
}

impl OfferingStage {
    /// Reads a stage sent by a client: 6 (`Live`) is accepted as Published.
    pub fn from_input_code(code: i16) -> Option<Self> {
        if code == 6 {
            Some(OfferingStage::Published)
        } else {
            Self::from_code(code)
        }
    }
}

coded_enum! {
    /// A transaction's payment status (`docs/money.md`): only Pending changes, to one of
    /// the three final statuses.
    PaymentStatus {
        /// Awaiting confirmation: a pending debit holds its amount, a pending deposit
        /// counts nowhere yet.
        Pending = 0,
        /// Paid: counts in the wallet's balance. Final.
        Paid = 1,
        /// Cancelled before it was paid. Final.
        Cancelled = 2,
        /// The payment failed. Final.
        Failed = 3,
    }
}

coded_enum! {
    /// Life-cycle stage of an Organization.
    OrganizationStage {
        /// Being prepared.
        Draft = 0,
        /// Submitted for review.
        Submitted = 1,
        /// Refused by the admins.
        Rejected = 2,
        /// Approved: listed for everyone.
        Approved = 3,
        /// Restricted: listed for everyone too (for organizations there is no VIP rule,
        /// unlike offerings).
        Restricted = 4,
        /// Visible to all.
        Published = 5,
        /// Archived.
        Archived = 6,
        /// Cancelled.
        Cancelled = 7,
    }
}

coded_enum! {
    /// Life-cycle stage of an Investment.
    InvestmentStage {
        /// Submitted, under review.
        Open = 0,
        /// Refused by the offering's team.
        Rejected = 1,
        /// Accepted by the offering's team.
        Approved = 2,
        /// Withdrawn by the investor: final.
        Withdrawn = 3,
        /// Settled: final.
        Settled = 4,
    }
}

coded_enum! {
    /// Who may see a User, Organization or Investment.
    Visibility {
        /// Visible to everyone allowed to see the kind.
        Open = 0,
        /// Visible only to self, admins (and the related users: members, the offering's team).
        Hidden = 1,
        /// Visible, but without names.
        Anonymous = 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_for_every_variant() {
        for s in OfferingStage::ALL {
            assert_eq!(OfferingStage::from_code(s.code()), Some(*s));
        }
        for s in OrganizationStage::ALL {
            assert_eq!(OrganizationStage::from_code(s.code()), Some(*s));
        }
        for s in InvestmentStage::ALL {
            assert_eq!(InvestmentStage::from_code(s.code()), Some(*s));
        }
        for s in Visibility::ALL {
            assert_eq!(Visibility::from_code(s.code()), Some(*s));
        }
    }

    #[test]
    fn codes_match_design_section_5() {
        let offering: Vec<i16> = OfferingStage::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(offering, [0, 1, 2, 3, 4, 5, 7, 8, 9]);
        assert_eq!(InvestmentStage::Settled.code(), 4);
        assert_eq!(OrganizationStage::Cancelled.code(), 7);
        assert_eq!(Visibility::Anonymous.code(), 2);
    }

    #[test]
    fn live_is_an_input_alias_of_published_and_never_stored() {
        assert_eq!(OfferingStage::from_code(6), None);
        assert_eq!(
            OfferingStage::from_input_code(6),
            Some(OfferingStage::Published)
        );
        assert_eq!(
            OfferingStage::from_input_code(5),
            Some(OfferingStage::Published)
        );
        assert_eq!(OfferingStage::from_input_code(10), None);
        assert_eq!(OfferingStage::from_input_code(-1), None);
    }
}

coded_enum! {
    /// The kind of a payout (`docs/money.md`, "Payouts"): what the payment is, for the
    /// statistics by type.
    PayoutType {
        /// A dividend paid to an investor.
        Dividend = 0,
        /// A capital gain paid to an investor.
        CapitalGain = 1,
        /// A repayment of a loan (to a lender, or by the borrower for an offering).
        LoanRepayment = 2,
    }
}

coded_enum! {
    /// The life-cycle stage of a capitalization (a block of shares or loan parts of an
    /// organization, `docs/registry.md`). Distributed and Merged rows are consumed: they
    /// no longer count as shares and never change again.
    CapitalizationStage {
        /// Share capital the organization may issue, not yet issued.
        Authorized = 0,
        /// Shares allotted to and held by their owner.
        Issued = 1,
        /// Shares offered for sale (attachable to an offering).
        Offered = 2,
        /// Shares held by the organization itself (for instance bought back).
        Treasury = 3,
        /// Superseded by its children (split or distributed).
        Distributed = 4,
        /// Superseded by the capitalization it was merged into.
        Merged = 5,
    }
}

coded_enum! {
    /// What a capitalization holds.
    CapitalizationType {
        /// Ordinary shares.
        Equity = 0,
        /// Preferred shares.
        PreferredEquity = 1,
        /// Loan parts (may be fractional).
        Debt = 2,
    }
}

coded_enum! {
    /// What a change recorded in a capitalization's change log did.
    CapitalizationChangeKind {
        /// The capitalization was created.
        Create = 0,
        /// Its fields were changed.
        Update = 1,
        /// It was split into children, or is a child of a split.
        Split = 2,
        /// It was merged into another, or is the result of a merge.
        Merge = 3,
        /// It was distributed to investors, or is a share of a distribution.
        Distribution = 4,
    }
}
