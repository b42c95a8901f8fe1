//! Caps on a user's nested rows: bank accounts and postal addresses
//! (`MAX_BANK_ACCOUNTS_PER_USER`, `MAX_ADDRESSES_PER_USER`, docs/security.md).
//!
//! An input list longer than a cap is refused before the database is touched; otherwise
//! the rows the user already has are counted under the lock of the user's row, in the
//! transaction that inserts, so parallel updates add one after the other and the cap
//! holds. A refused update writes nothing.

use diesel_async::AsyncPgConnection;
use uuid::Uuid;

use crate::config::ServerConfig;
use crate::error::{ApiError, ApiResult, codes};
use crate::models::user_detail;

/// The caps of one user's nested rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetailLimits {
    /// Most bank accounts per user.
    pub bank_accounts: usize,
    /// Most postal addresses per user.
    pub addresses: usize,
}

/// The nested rows a cap applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// `bankAccounts`.
    BankAccount,
    /// `address`.
    Address,
}

impl Detail {
    fn noun(self, n: usize) -> &'static str {
        match (self, n) {
            (Detail::BankAccount, 1) => "bank account",
            (Detail::BankAccount, _) => "bank accounts",
            (Detail::Address, 1) => "address",
            (Detail::Address, _) => "addresses",
        }
    }

    fn setting(self) -> &'static str {
        match self {
            Detail::BankAccount => "MAX_BANK_ACCOUNTS_PER_USER",
            Detail::Address => "MAX_ADDRESSES_PER_USER",
        }
    }
}

impl DetailLimits {
    /// The caps configured for the server.
    pub fn from_config(config: &ServerConfig) -> Self {
        Self {
            bank_accounts: config.max_bank_accounts_per_user,
            addresses: config.max_addresses_per_user,
        }
    }

    /// The cap of `detail`.
    pub fn of(&self, detail: Detail) -> usize {
        match detail {
            Detail::BankAccount => self.bank_accounts,
            Detail::Address => self.addresses,
        }
    }

    /// The 400 (19020) refusing an update that would leave a user more than the cap of
    /// `detail`.
    pub fn exceeded(&self, detail: Detail) -> ApiError {
        let cap = self.of(detail);
        let noun = detail.noun(cap);
        ApiError::new(
            codes::COLLECTION_LIMIT,
            format!("A user can have at most {cap} {noun}."),
            format!(
                "This update would leave the user with more than {cap} {noun} ({}); \
                 nothing was written.",
                detail.setting()
            ),
        )
    }

    /// Refuses an input list longer than the cap, before anything is looked up: with at
    /// most `cap` rows to update, more entries are always too many.
    pub fn check_input(&self, detail: Detail, entries: usize) -> ApiResult<()> {
        if entries > self.of(detail) {
            return Err(self.exceeded(detail));
        }
        Ok(())
    }

    /// Refuses adding `added` rows of `detail` when the user already has so many that
    /// the cap would be passed. Call it with the user's row locked (`UserRow::lock`) in
    /// the transaction that then inserts.
    pub async fn check_room(
        &self,
        conn: &mut AsyncPgConnection,
        network_id: Uuid,
        user_id: Uuid,
        detail: Detail,
        added: usize,
    ) -> ApiResult<()> {
        if added == 0 {
            return Ok(());
        }
        let existing = match detail {
            Detail::BankAccount => {
                user_detail::bank_accounts_count(conn, network_id, user_id).await?
            }
            Detail::Address => user_detail::addresses_count(conn, network_id, user_id).await?,
        };
        let existing = usize::try_from(existing).unwrap_or(usize::MAX);
        if existing.saturating_add(added) > self.of(detail) {
            return Err(self.exceeded(detail));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_names_the_cap_and_the_setting() {
        let limits = DetailLimits::from_config(&ServerConfig::defaults());
        assert_eq!(
            limits,
            DetailLimits {
                bank_accounts: 10,
                addresses: 10
            }
        );
        let err = limits.check_input(Detail::BankAccount, 11).unwrap_err();
        assert_eq!((err.code, err.status), (19020, 400));
        assert_eq!(
            err.user_message,
            "A user can have at most 10 bank accounts."
        );
        assert!(err.developer_message.contains("MAX_BANK_ACCOUNTS_PER_USER"));
        assert!(limits.check_input(Detail::BankAccount, 10).is_ok());
        let one = DetailLimits {
            bank_accounts: 1,
            addresses: 1,
        };
        assert_eq!(
            one.exceeded(Detail::Address).user_message,
            "A user can have at most 1 address."
        );
    }
}
