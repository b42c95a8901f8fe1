//! Bulletins: news items of an offering (POST and GET /offerings/{id}/bulletins).
//! Whoever may see the offering sees its Open and Approved bulletins; the offering's
//! team and admins see every stage and post new ones.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};

use super::input::plain;
use super::offering::Offering;
use super::{Writer, write_error};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{id_of, parse_id};
use crate::graphql::list::{ListArgs, ListPlan, Page, listed, paginate};
use crate::models::bulletin::{
    self as model, Bulletin as BulletinRow, NewBulletin, bulletin_attrs,
};

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
        // A missing network is refused before a malformed id, as on every field.
        req.network()?;
        let offering_id = parse_id(&offering_id, "offering")?;
        let viewer = req.viewer;
        let list = async |conn: &mut AsyncPgConnection, network_id, plan: &ListPlan| {
            let offering = Offering::find_visible(conn, network_id, offering_id, viewer).await?;
            // The offering's team and admins see every stage.
            let stages = offering.actor().is_none().then_some(model::stage::PUBLIC);
            let (filters, order) = (&plan.filters, plan.order.as_ref());
            let page = model::list(
                conn,
                network_id,
                offering_id,
                stages,
                filters,
                order,
                plan.page,
            );
            listed(page.await)
        };
        paginate(ctx, &args, bulletin_attrs::ATTRS, list, Bulletin).await
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
        let w = Writer::of(ctx)?;
        let offering_id = parse_id(&offering_id, "offering")?;
        let (title, body) = (plain("title", title)?, plain("body", body)?);
        if title.is_none() && body.is_none() {
            return Err(ApiError::bad_request("A bulletin needs a title or a body."));
        }
        let new = NewBulletin {
            network_id: w.network_id,
            offering_id,
            user_id: Some(w.me.id),
            title,
            body,
        };
        let mut conn = ctx.conn().await?;
        let row = conn
            .transaction(async |conn| {
                let offering = Offering::find_visible(conn, w.network_id, offering_id, w.viewer);
                if offering.await?.actor().is_none() {
                    return Err(ApiError::forbidden(
                        "Only the offering's team or an admin may post its bulletins.",
                    ));
                }
                model::insert(conn, &new).await.map_err(write_error)
            })
            .await?;
        Ok(Bulletin(row))
    }
}
