//! The `User` GraphQL type, with the field visibility of `docs/visibility.md` (Users)
//! applied per field: self and admins see every field; others see public fields, no
//! names of an Anonymous user, and never private ones. A field the viewer may not see is
//! `null` (never an error), so one query shape serves every viewer. Hidden users are Not
//! Found for others (see `crate::domain::visibility::user_visible`).
//!
//! Past its id, the type's fields are flattened from groups, in the order the schema lists them: who
//! the user is (`user/profile.rs`), the private fields (`user/private.rs`) and the nested
//! lists (`user/lists.rs`). Reading users (`fetch`, `paginate`) is `fetch.rs`.

use std::sync::Arc;

use async_graphql::{ID, Object};

use crate::domain::stages::Visibility;
use crate::domain::viewer::Viewer;
use crate::domain::visibility::{UserField, user_field_visible};
use crate::graphql::ids::id_of;
use crate::models::user::User as UserRow;

mod lists;
mod private;
mod profile;

pub use lists::{Address, BankAccount, ListFields, UserOrganization};
pub use private::PrivateFields;
pub use profile::ProfileFields;

/// A user of the network, as the current viewer may see them.
pub struct User {
    // Shared: the same user is often the answer of many nested fields of one request
    // (every investment of an investor), all served from one batch-loaded row.
    row: Arc<UserRow>,
    viewer: Viewer,
}

impl User {
    /// Wraps a row for `viewer`; the caller has checked the user is visible to them.
    pub fn new(row: impl Into<Arc<UserRow>>, viewer: Viewer) -> Self {
        Self {
            row: row.into(),
            viewer,
        }
    }

    /// The underlying row.
    pub fn row(&self) -> &UserRow {
        &self.row
    }

    fn target_visibility(&self) -> Visibility {
        Visibility::from_code(self.row.visibility).unwrap_or(Visibility::Hidden)
    }

    fn sees(&self, field: UserField) -> bool {
        user_field_visible(&self.viewer, self.row.id, self.target_visibility(), field)
    }

    fn show<T>(&self, field: UserField, value: T) -> Option<T> {
        self.sees(field).then_some(value)
    }

    /// A nullable value of `field`, `null` when the viewer may not see it.
    fn shown<T>(&self, field: UserField, value: Option<T>) -> Option<T> {
        self.show(field, value).flatten()
    }

    /// A nullable text of `field`, `null` when the viewer may not see it.
    fn text<'a>(&self, field: UserField, value: &'a Option<String>) -> Option<&'a str> {
        self.shown(field, value.as_deref())
    }
}

#[Object]
impl User {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.row.id)
    }

    #[graphql(flatten)]
    async fn profile_fields(&self) -> ProfileFields<'_> {
        ProfileFields(self)
    }

    #[graphql(flatten)]
    async fn private_fields(&self) -> PrivateFields<'_> {
        PrivateFields(self)
    }

    #[graphql(flatten)]
    async fn list_fields(&self) -> ListFields<'_> {
        ListFields(self)
    }
}
