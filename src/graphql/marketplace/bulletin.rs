//! Bulletins: news items of an offering (POST and GET /offerings/{id}/bulletins).
//! Whoever may see the offering sees its Open and Approved bulletins; the offering's
//! team and admins see every stage and post new ones.

use async_graphql::{Context, ID, MaybeUndefined, Object};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;

use super::input::text;
use super::offering::Offering;
use super::write_error;
use crate::domain::lifecycle::Actor;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page};
use crate::models::bulletin::{
    self as model, Bulletin as BulletinRow, NewBulletin, bulletin_attrs,
};
use crate::models::offering as offering_model;

/// A news item of an offering.
pub struct Bulletin(BulletinRow);

impl From<BulletinRow> for Bulletin {
    fn from(row: BulletinRow) -> Self {
        Bulletin(row)
    }
}

#[Object]
impl Bulletin {
    /// Unique identifier.
    async fn id(&self) -> ID {
        id_of(self.0.id)
    }

    /// The offering's id.
    async fn offering_id(&self) -> ID {
        id_of(self.0.offering_id)
    }

    /// The author's id.
    async fn user_id(&self) -> Option<ID> {
        self.0.user_id.map(id_of)
    }

    /// Title.
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// Body.
    async fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }

    /// Stage code as the REST reference lists it: 0 Open (the default), 1 Rejected,
    /// 2 Approved, 3 Withdrawn.
    async fn life_cycle_stage(&self) -> i16 {
        self.0.life_cycle_stage
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Last change.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Root fields about bulletins.
#[derive(Default)]
pub struct BulletinQuery;

#[Object]
impl BulletinQuery {
    /// An offering's bulletins (GET /offerings/{id}/bulletins), newest first by default.
    /// Not Found when the offering is not visible.
    async fn offering_bulletins(
        &self,
        ctx: &Context<'_>,
        offering_id: ID,
        #[graphql(default)] args: ListArgs,
    ) -> ApiResult<Page<Bulletin>> {
        let req = ctx.request();
        let network = req.network()?;
        let viewer = req.viewer;
        let offering_id = parse_id(&offering_id, "offering")?;
        let ListPlan {
            page,
            filters,
            order,
        } = args.plan(bulletin_attrs::ATTRS)?;
        let mut conn = ctx.conn().await?;
        let (row, m) =
            offering_model::find_for(&mut conn, network.id, offering_id, viewer.user_id())
                .await?
                .ok_or_else(|| ApiError::not_found("offering"))?;
        let offering =
            Offering::visible(row, viewer, m).ok_or_else(|| ApiError::not_found("offering"))?;
        let team = Actor::for_offering(&viewer, offering.relation()).is_some();
        let stages = (!team).then_some(model::stage::PUBLIC);
        let (rows, count) = model::list(
            &mut conn,
            network.id,
            offering_id,
            stages,
            &filters,
            order.as_ref(),
            page,
        )
        .await
        .map_err(ApiError::bad_request)??;
        Ok(Page {
            offset: page.offset,
            limit: page.limit,
            count,
            list: rows.into_iter().map(Bulletin).collect(),
        })
    }
}

/// Mutations of bulletins.
#[derive(Default)]
pub struct BulletinMutation;

#[Object]
impl BulletinMutation {
    /// Posts a bulletin on an offering (POST /offerings/{id}/bulletins): the offering's
    /// team or an admin. Not Found when the offering is not visible.
    async fn create_bulletin(
        &self,
        ctx: &Context<'_>,
        offering_id: ID,
        title: Option<String>,
        body: Option<String>,
    ) -> ApiResult<Bulletin> {
        let req = ctx.request();
        let network_id = req.network()?.id;
        let me = *req.user()?;
        let viewer = req.viewer;
        let offering_id = parse_id(&offering_id, "offering")?;
        let title = text(
            "title",
            title.map_or(MaybeUndefined::Undefined, MaybeUndefined::Value),
        )?
        .flatten();
        let body = text(
            "body",
            body.map_or(MaybeUndefined::Undefined, MaybeUndefined::Value),
        )?
        .flatten();
        if title.is_none() && body.is_none() {
            return Err(ApiError::bad_request("A bulletin needs a title or a body."));
        }
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| -> ApiResult<BulletinRow> {
                let (row, m) = offering_model::find_for(conn, network_id, offering_id, Some(me.id))
                    .await?
                    .ok_or_else(|| ApiError::not_found("offering"))?;
                let offering = Offering::visible(row, viewer, m)
                    .ok_or_else(|| ApiError::not_found("offering"))?;
                if Actor::for_offering(&viewer, offering.relation()).is_none() {
                    return Err(ApiError::forbidden(
                        "Only the offering's team or an admin may post its bulletins.",
                    ));
                }
                let new = NewBulletin {
                    network_id,
                    offering_id,
                    user_id: Some(me.id),
                    title,
                    body,
                };
                model::insert(conn, &new).await.map_err(write_error)
            })
            .await?;
        Ok(Bulletin(row))
    }
}
