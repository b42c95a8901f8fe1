//! The mutations of the share registry (`docs/registry.md`, "Changing the registry").
//! Each runs in one database transaction that begins with the writer's audit naming,
//! locks the organization's row first (the order the database's guards lock in), checks
//! the registry's rules, writes the rows, their links and one change log entry per
//! capitalization touched, and runs the deferred guards before it commits, so that a
//! refusal by a guard is answered with its code.

use async_graphql::{Context, ID, Object};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::capitalization::Capitalization;
use super::input::{CapitalizationInput, SplitPartInput};
use crate::domain::registry::{
    Block, CapitalizationStage, CapitalizationType, NewChild, RegistryAction, RegistryActor,
    RegistryError, SplitPart, check_create_stage, check_may, check_price, check_shares,
    check_update, plan_merge, plan_split,
};
use crate::domain::stages::CapitalizationChangeKind;
use crate::error::{ApiError, ApiResult, Code, codes, registry_write_error};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::parse_id;
use crate::graphql::marketplace::Writer;
use crate::graphql::marketplace::organization::Organization;
use crate::models::capitalization::Capitalization as Row;
use crate::models::capitalization::write::{
    self as model, CapitalizationChanges, Change, NewCapitalization,
};
use crate::models::organization::members::is_active_member;

/// Mutations of the share registry.
#[derive(Default)]
pub struct RegistryMutation;

#[Object]
impl RegistryMutation {
    /// Creates a capitalization of an organization (POST
    /// /organizations/{id}/capitalizations): admins and the organization's active
    /// members (403 for others; Not Found when the viewer may not see the organization).
    /// Its figures at acquisition are its own.
    async fn create_capitalization(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        input: CapitalizationInput,
    ) -> ApiResult<Capitalization> {
        let w = Writer::of(ctx)?;
        let org = parse_id(&organization_id, "organization")?;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| {
                w.audit(conn).await?;
                create(conn, &w, org, input).await
            })
            .await?;
        Ok(Capitalization::new(row, w.viewer))
    }

    /// Changes a capitalization (PATCH /capitalizations/{id}): admins and its
    /// organization's active members (403 for its owner; Not Found for others). A split,
    /// merged or distributed capitalization never changes.
    async fn update_capitalization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: CapitalizationInput,
    ) -> ApiResult<Capitalization> {
        let w = Writer::of(ctx)?;
        let id = parse_id(&id, "capitalization")?;
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| {
                w.audit(conn).await?;
                update(conn, &w, id, input).await
            })
            .await?;
        Ok(Capitalization::new(row, w.viewer))
    }

    /// Splits an Issued capitalization into at least two children (POST
    /// /capitalizations/{id}/split) whose shares sum exactly to its own; each child is
    /// Issued and keeps everything else of the parent, which becomes DISTRIBUTED. Admins,
    /// the organization's active members and its owner. Returns the children, in the
    /// order given.
    async fn split_capitalization(
        &self,
        ctx: &Context<'_>,
        id: ID,
        parts: Vec<SplitPartInput>,
    ) -> ApiResult<Vec<Capitalization>> {
        let w = Writer::of(ctx)?;
        let id = parse_id(&id, "capitalization")?;
        let parts = parts
            .iter()
            .map(|p| {
                Ok(SplitPart {
                    number_of_shares: decimal(
                        codes::SHARES_INVALID,
                        "numberOfShares",
                        &p.number_of_shares,
                    )?,
                    price_per_share: price(Some(&p.price_per_share))?.unwrap_or_default(),
                })
            })
            .collect::<ApiResult<Vec<_>>>()?;
        let mut conn = ctx.conn().await?;
        let rows = conn
            .transaction(async |conn| {
                w.audit(conn).await?;
                split(conn, &w, id, &parts).await
            })
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| Capitalization::new(r, w.viewer))
            .collect())
    }

    /// Merges Issued capitalizations of one owner, organization and type (`id` and
    /// `otherIds`, at least two distinct ones) into one Issued child holding their
    /// shares at their price averaged by shares (POST /capitalizations/{id}/merge); each
    /// of them becomes MERGED. Admins, the organization's active members and the owner.
    async fn merge_capitalizations(
        &self,
        ctx: &Context<'_>,
        id: ID,
        other_ids: Vec<ID>,
    ) -> ApiResult<Capitalization> {
        let w = Writer::of(ctx)?;
        let mut ids = vec![parse_id(&id, "capitalization")?];
        for other in &other_ids {
            ids.push(parse_id(other, "capitalization")?);
        }
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| {
                w.audit(conn).await?;
                merge(conn, &w, &ids).await
            })
            .await?;
        Ok(Capitalization::new(row, w.viewer))
    }
}

/// A refusal by the registry's rules, with its code.
pub fn registry_error(err: RegistryError) -> ApiError {
    let message = err.to_string();
    ApiError::new(err.code(), message.clone(), message)
}

/// The row as the rules see it.
fn block(row: &Row) -> ApiResult<Block> {
    Ok(Block {
        id: row.id,
        organization_id: row.organization_id,
        owner_id: row.owner_id,
        capitalization_type: CapitalizationType::from_code(row.capitalization_type)
            .ok_or(RegistryError::UnknownType(row.capitalization_type))
            .map_err(registry_error)?,
        stage: CapitalizationStage::from_code(row.life_cycle_stage)
            .ok_or(RegistryError::UnknownStage(row.life_cycle_stage))
            .map_err(registry_error)?,
        number_of_shares: row.number_of_shares,
        price_per_share: row.price_per_share,
    })
}

/// Runs the deferred guards now, so that their refusal is answered with its code.
async fn check_guards(conn: &mut AsyncPgConnection) -> ApiResult<()> {
    diesel::sql_query("SET CONSTRAINTS ALL IMMEDIATE")
        .execute(conn)
        .await
        .map_err(registry_write_error)?;
    Ok(())
}

/// Locks the organization `org` (Not Found when the viewer may not see it) and tells
/// whether the writer is one of its active members.
async fn lock_org(conn: &mut AsyncPgConnection, w: &Writer, org: Uuid) -> ApiResult<bool> {
    if !model::lock_organization(conn, w.network_id, org).await? {
        return Err(ApiError::not_found("organization"));
    }
    Organization::find_visible(conn, w.network_id, org, w.viewer).await?;
    Ok(is_active_member(conn, w.network_id, org, w.me.id).await?)
}

/// The visible capitalization `id`, unlocked (Not Found otherwise).
async fn visible(conn: &mut AsyncPgConnection, w: &Writer, id: Uuid) -> ApiResult<Row> {
    let node = Capitalization::find_visible(conn, w.network_id, id, w.viewer).await?;
    Ok(node.row().clone())
}

/// The row `id` locked (after its organization's lock).
async fn locked(conn: &mut AsyncPgConnection, w: &Writer, id: Uuid) -> ApiResult<Row> {
    model::lock_many(conn, w.network_id, &[id])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("capitalization"))
}

fn owner(id: &Option<ID>) -> ApiResult<Option<Uuid>> {
    id.as_ref().map(|id| parse_id(id, "user")).transpose()
}

/// A decimal as the client wrote it (a string; the registry's rules check the rest),
/// refused with `code` when it is not one.
fn decimal(code: Code, field: &str, text: &str) -> ApiResult<Decimal> {
    Decimal::from_str_exact(text.trim()).map_err(|_| {
        let message = format!("{field} must be a decimal number written as a string.");
        ApiError::new(code, message.clone(), message)
    })
}

fn figure(kind: CapitalizationType, shares: Option<&String>) -> ApiResult<Option<Decimal>> {
    shares
        .map(|t| {
            let d = decimal(codes::SHARES_INVALID, "numberOfShares", t)?;
            check_shares(kind, d).map_err(registry_error)
        })
        .transpose()
}

fn price(price: Option<&String>) -> ApiResult<Option<Decimal>> {
    price
        .map(|t| {
            let d = decimal(codes::PRICE_INVALID, "pricePerShare", t)?;
            check_price(d).map_err(registry_error)
        })
        .transpose()
}

async fn create(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    org: Uuid,
    input: CapitalizationInput,
) -> ApiResult<Row> {
    let is_member = lock_org(conn, w, org).await?;
    let actor = RegistryActor {
        is_admin: w.me.is_admin,
        is_member,
        is_owner: false,
    };
    check_may(actor, RegistryAction::Create).map_err(registry_error)?;
    let kind = input
        .capitalization_type
        .unwrap_or(CapitalizationType::Equity);
    let stage = input
        .life_cycle_stage
        .unwrap_or(CapitalizationStage::Authorized);
    check_create_stage(stage).map_err(registry_error)?;
    let missing = |field| ApiError::bad_request(format!("{field} is needed."));
    let shares =
        figure(kind, input.number_of_shares.as_ref())?.ok_or_else(|| missing("numberOfShares"))?;
    let per_share =
        price(input.price_per_share.as_ref())?.ok_or_else(|| missing("pricePerShare"))?;
    let new = NewCapitalization {
        id: Uuid::now_v7(),
        network_id: w.network_id,
        organization_id: org,
        author_id: Some(w.me.id),
        owner_id: owner(&input.owner_id)?,
        capitalization_type: kind.code(),
        life_cycle_stage: stage.code(),
        number_of_shares: shares,
        price_per_share: per_share,
        number_of_shares_at_acquisition: shares,
        price_per_share_at_acquisition: per_share,
        service_charge: price(input.service_charge.as_ref())?,
        transaction_cost: price(input.transaction_cost.as_ref())?,
    };
    let row = model::insert(conn, &new)
        .await
        .map_err(registry_write_error)?;
    let change = Change {
        after: &row,
        before: None,
        kind: CapitalizationChangeKind::Create.code(),
    };
    model::log(conn, w.network_id, Some(w.me.id), &[change]).await?;
    check_guards(conn).await?;
    Ok(row)
}

async fn update(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    id: Uuid,
    input: CapitalizationInput,
) -> ApiResult<Row> {
    let seen = visible(conn, w, id).await?;
    let is_member = lock_org(conn, w, seen.organization_id).await?;
    let before = locked(conn, w, id).await?;
    let actor = RegistryActor {
        is_admin: w.me.is_admin,
        is_member,
        is_owner: before.owner_id == Some(w.me.id),
    };
    check_may(actor, RegistryAction::Update).map_err(registry_error)?;
    let current = block(&before)?;
    check_update(&current, input.life_cycle_stage).map_err(registry_error)?;
    let kind = input
        .capitalization_type
        .unwrap_or(current.capitalization_type);
    // A new type (e.g. debt to equity) must suit the shares it keeps.
    let shares = match figure(kind, input.number_of_shares.as_ref())? {
        Some(shares) => Some(shares),
        None if input.capitalization_type.is_some() => {
            Some(check_shares(kind, before.number_of_shares).map_err(registry_error)?)
        }
        None => None,
    };
    let changes = CapitalizationChanges {
        owner_id: input
            .owner_id
            .as_ref()
            .map(|_| owner(&input.owner_id))
            .transpose()?,
        capitalization_type: input.capitalization_type.map(|t| t.code()),
        life_cycle_stage: input.life_cycle_stage.map(|s| s.code()),
        number_of_shares: shares,
        price_per_share: price(input.price_per_share.as_ref())?,
        service_charge: price(input.service_charge.as_ref())?.map(Some),
        transaction_cost: price(input.transaction_cost.as_ref())?.map(Some),
    };
    let row = model::update(conn, w.network_id, id, &changes)
        .await
        .map_err(registry_write_error)?;
    let change = Change {
        after: &row,
        before: Some(&before),
        kind: CapitalizationChangeKind::Update.code(),
    };
    model::log(conn, w.network_id, Some(w.me.id), &[change]).await?;
    check_guards(conn).await?;
    Ok(row)
}

/// The child row of `parent` that `child` plans.
fn child_row(w: &Writer, parent: &Row, child: &NewChild) -> NewCapitalization {
    NewCapitalization {
        id: Uuid::now_v7(),
        network_id: w.network_id,
        organization_id: parent.organization_id,
        author_id: parent.author_id,
        owner_id: child.owner_id,
        capitalization_type: parent.capitalization_type,
        life_cycle_stage: child.stage.code(),
        number_of_shares: child.number_of_shares,
        price_per_share: child.price_per_share,
        number_of_shares_at_acquisition: child.number_of_shares,
        price_per_share_at_acquisition: child.price_per_share,
        service_charge: parent.service_charge,
        transaction_cost: parent.transaction_cost,
    }
}

/// Writes an operation's children, its links, then its parents' new stage, and logs
/// every row touched; the children, in order.
async fn operate(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    parents: &[Row],
    children: &[NewChild],
    kind: CapitalizationChangeKind,
) -> ApiResult<Vec<Row>> {
    let (link_kind, stage) = match kind {
        CapitalizationChangeKind::Merge => (1, CapitalizationStage::Merged),
        _ => (0, CapitalizationStage::Distributed),
    };
    let mut made = Vec::with_capacity(children.len());
    for child in children {
        let new = child_row(w, &parents[0], child);
        made.push(
            model::insert(conn, &new)
                .await
                .map_err(registry_write_error)?,
        );
    }
    let parent_ids: Vec<Uuid> = parents.iter().map(|p| p.id).collect();
    let child_ids: Vec<Uuid> = made.iter().map(|c| c.id).collect();
    model::link(conn, w.network_id, &parent_ids, &child_ids, link_kind)
        .await
        .map_err(registry_write_error)?;
    let consumed = model::set_stage(conn, w.network_id, &parent_ids, stage.code())
        .await
        .map_err(registry_write_error)?;
    let mut changes = Vec::with_capacity(parents.len() + made.len());
    for after in &consumed {
        let before = parents.iter().find(|p| p.id == after.id);
        changes.push(Change {
            after,
            before,
            kind: kind.code(),
        });
    }
    for after in &made {
        changes.push(Change {
            after,
            before: None,
            kind: kind.code(),
        });
    }
    model::log(conn, w.network_id, Some(w.me.id), &changes).await?;
    check_guards(conn).await?;
    Ok(made)
}

async fn split(
    conn: &mut AsyncPgConnection,
    w: &Writer,
    id: Uuid,
    parts: &[SplitPart],
) -> ApiResult<Vec<Row>> {
    let seen = visible(conn, w, id).await?;
    let is_member = lock_org(conn, w, seen.organization_id).await?;
    let parent = locked(conn, w, id).await?;
    let actor = RegistryActor {
        is_admin: w.me.is_admin,
        is_member,
        is_owner: parent.owner_id == Some(w.me.id),
    };
    check_may(actor, RegistryAction::Split).map_err(registry_error)?;
    let children = plan_split(&block(&parent)?, parts).map_err(registry_error)?;
    operate(
        conn,
        w,
        &[parent],
        &children,
        CapitalizationChangeKind::Split,
    )
    .await
}

async fn merge(conn: &mut AsyncPgConnection, w: &Writer, ids: &[Uuid]) -> ApiResult<Row> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let mut orgs = Vec::new();
    for id in &ids {
        orgs.push(visible(conn, w, *id).await?.organization_id);
    }
    orgs.sort();
    orgs.dedup();
    let mut is_member = true;
    for org in &orgs {
        is_member &= lock_org(conn, w, *org).await?;
    }
    let parents = model::lock_many(conn, w.network_id, &ids).await?;
    if parents.len() != ids.len() {
        return Err(ApiError::not_found("capitalization"));
    }
    let actor = RegistryActor {
        is_admin: w.me.is_admin,
        is_member,
        is_owner: parents.iter().all(|p| p.owner_id == Some(w.me.id)),
    };
    check_may(actor, RegistryAction::Merge).map_err(registry_error)?;
    let blocks = parents.iter().map(block).collect::<ApiResult<Vec<_>>>()?;
    let child = plan_merge(&blocks).map_err(registry_error)?;
    let mut made = operate(conn, w, &parents, &[child], CapitalizationChangeKind::Merge).await?;
    made.pop()
        .ok_or_else(|| ApiError::internal("a merge made no child"))
}
