//! Batch loaders of the share registry: a page of capitalizations costs one statement
//! for all their parents' ids, one for the parents or children themselves, and a page of
//! organizations, users or offerings one for all their capitalizations.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::db;
use crate::domain::viewer::Viewer;
use crate::error::ApiError;
use crate::graphql::loaders::{DbLoader, group_keys};
use crate::models::capitalization::{
    self as model, Capitalization, CapitalizationParent, CapitalizationWindow,
};

/// Key: a capitalization, with whether the viewer (`None`: anonymous) is an active
/// member of its organization; whether the viewer may see it is the resolver's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CapitalizationFor {
    /// The capitalization.
    pub id: Uuid,
    /// The viewer.
    pub viewer: Option<Uuid>,
}

/// Key: the ids of the capitalizations a capitalization was made from, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParentIdsOf(pub Uuid);

/// Key: the capitalizations made from a capitalization, oldest first, each with whether
/// the viewer is an active member of its organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChildrenOf {
    /// The parent.
    pub id: Uuid,
    /// The viewer.
    pub viewer: Option<Uuid>,
}

/// Key: the newest `limit` capitalizations of an organization or a user that `viewer`
/// may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FirstCapitalizations {
    /// What the capitalizations belong to.
    pub parent: CapitalizationParent,
    /// Its id.
    pub id: Uuid,
    /// Capitalizations at most.
    pub limit: i64,
    /// Who is asking.
    pub viewer: Viewer,
}

impl Loader<CapitalizationFor> for DbLoader {
    type Value = (Arc<Capitalization>, bool);
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[CapitalizationFor],
    ) -> Result<HashMap<CapitalizationFor, (Arc<Capitalization>, bool)>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out = HashMap::new();
        for (viewer, keys) in group_keys(keys, |k| k.viewer) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
            let rows = model::find_many_for(&mut conn, self.network_id, &ids, viewer).await?;
            for (row, is_member) in rows {
                let key = CapitalizationFor { id: row.id, viewer };
                out.insert(key, (Arc::new(row), is_member));
            }
        }
        Ok(out)
    }
}

impl Loader<ParentIdsOf> for DbLoader {
    type Value = Vec<Uuid>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[ParentIdsOf],
    ) -> Result<HashMap<ParentIdsOf, Vec<Uuid>>, ApiError> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let mut conn = db::conn(&self.pool).await?;
        let links = model::parents_of(&mut conn, self.network_id, &ids).await?;
        let mut out: HashMap<ParentIdsOf, Vec<Uuid>> = HashMap::new();
        for link in links {
            out.entry(ParentIdsOf(link.child_id))
                .or_default()
                .push(link.parent_id);
        }
        Ok(out)
    }
}

impl Loader<ChildrenOf> for DbLoader {
    type Value = Vec<(Arc<Capitalization>, bool)>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[ChildrenOf],
    ) -> Result<HashMap<ChildrenOf, Vec<(Arc<Capitalization>, bool)>>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out: HashMap<ChildrenOf, Vec<(Arc<Capitalization>, bool)>> = HashMap::new();
        for (viewer, keys) in group_keys(keys, |k| k.viewer) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
            let rows = model::children_of(&mut conn, self.network_id, &ids, viewer).await?;
            for (parent, row, is_member) in rows {
                let key = ChildrenOf { id: parent, viewer };
                out.entry(key).or_default().push((Arc::new(row), is_member));
            }
        }
        Ok(out)
    }
}

impl Loader<FirstCapitalizations> for DbLoader {
    type Value = Vec<Capitalization>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[FirstCapitalizations],
    ) -> Result<HashMap<FirstCapitalizations, Vec<Capitalization>>, ApiError> {
        let mut conn = db::conn(&self.pool).await?;
        let mut out: HashMap<FirstCapitalizations, Vec<Capitalization>> = HashMap::new();
        for ((parent, limit, viewer), keys) in group_keys(keys, |k| (k.parent, k.limit, k.viewer)) {
            let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
            let window = CapitalizationWindow {
                viewer: viewer.user_id(),
                is_admin: viewer.is_admin(),
                limit,
            };
            let rows = model::first_of(&mut conn, self.network_id, parent, &ids, window).await?;
            for row in rows {
                let id = match parent {
                    CapitalizationParent::Organization => Some(row.organization_id),
                    CapitalizationParent::Owner => row.owner_id,
                };
                let Some(id) = id else { continue };
                let key = FirstCapitalizations {
                    parent,
                    id,
                    limit,
                    viewer,
                };
                out.entry(key).or_default().push(row);
            }
        }
        Ok(out)
    }
}
