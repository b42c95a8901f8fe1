//! Bulletins: news items of an offering (`docs/marketplace.md`). Every query takes the
//! network id.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, SmallInt, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::cached::CachedSql;
use crate::db::schema::bulletins;
use crate::domain::list::{AttrRef, Direction, Filter, Page};

/// Bulletin stage codes (the REST reference: 0 Open, 1 Rejected, 2 Approved, 3 Withdrawn).
pub mod stage {
    /// Published by the offering's team (the default).
    pub const OPEN: i16 = 0;
    /// Refused.
    pub const REJECTED: i16 = 1;
    /// Approved.
    pub const APPROVED: i16 = 2;
    /// Withdrawn by its author.
    pub const WITHDRAWN: i16 = 3;
    /// The stages everyone who sees the offering sees; the offering's team and admins
    /// see every stage.
    pub const PUBLIC: &[i16] = &[OPEN, APPROVED];
}

/// A bulletin row.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, QueryableByName)]
#[diesel(table_name = bulletins, check_for_backend(Pg))]
pub struct Bulletin {
    /// Primary key.
    pub id: Uuid,
    /// The network.
    pub network_id: Uuid,
    /// The offering.
    pub offering_id: Uuid,
    /// The author.
    pub user_id: Option<Uuid>,
    /// Title.
    pub title: Option<String>,
    /// Body.
    pub body: Option<String>,
    /// Stage code (see [`stage`]).
    pub life_cycle_stage: i16,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A new bulletin.
#[derive(Debug, Insertable)]
#[diesel(table_name = bulletins)]
pub struct NewBulletin {
    /// The network.
    pub network_id: Uuid,
    /// The offering.
    pub offering_id: Uuid,
    /// The author.
    pub user_id: Option<Uuid>,
    /// Title.
    pub title: Option<String>,
    /// Body.
    pub body: Option<String>,
}

/// Inserts a bulletin; returns the row.
pub async fn insert(conn: &mut AsyncPgConnection, new: &NewBulletin) -> QueryResult<Bulletin> {
    diesel::insert_into(bulletins::table)
        .values(new)
        .returning(Bulletin::as_returning())
        .get_result(conn)
        .await
}

/// Attributes bulletin lists may be ordered and filtered by (bulletins have no custom
/// fields, so this is `list_columns!` without its custom-field part).
pub mod bulletin_attrs {
    use diesel::pg::Pg;
    use diesel::prelude::*;

    use crate::db::schema::bulletins;
    use crate::domain::list::{Attr, AttrRef, AttrType, Direction, Filter, Operator};

    /// The query type bulletin lists are built on.
    pub type Query<'a> = bulletins::BoxedQuery<'a, Pg>;

    /// The attributes, for `crate::domain::list`.
    pub const ATTRS: &[Attr] = &[
        Attr {
            name: "id",
            ty: AttrType::Id,
        },
        Attr {
            name: "title",
            ty: AttrType::Text,
        },
        Attr {
            name: "life_cycle_stage",
            ty: AttrType::Int,
        },
        Attr {
            name: "created_at",
            ty: AttrType::Date,
        },
        Attr {
            name: "updated_at",
            ty: AttrType::Date,
        },
    ];

    /// Adds the filter's condition to `query`.
    pub fn filter<'a>(query: Query<'a>, f: &Filter) -> Result<Query<'a>, String> {
        match &f.attr {
            AttrRef::Custom(_) => Err("Bulletins have no custom fields.".to_owned()),
            AttrRef::Column(attr) => match attr.name {
                "id" => crate::list_columns!(@filter uuid, query, bulletins::id, f),
                "title" => crate::list_columns!(@filter text, query, bulletins::title, f),
                "life_cycle_stage" => {
                    crate::list_columns!(@filter int2, query, bulletins::life_cycle_stage, f)
                }
                "created_at" => {
                    crate::list_columns!(@filter timestamptz, query, bulletins::created_at, f)
                }
                "updated_at" => {
                    crate::list_columns!(@filter timestamptz, query, bulletins::updated_at, f)
                }
                other => Err(format!("{other:?} cannot be filtered here.")),
            },
        }
    }

    /// Orders `query` by the attribute, then by id for a stable order.
    pub fn order<'a>(query: Query<'a>, attr: &AttrRef, dir: Direction) -> Query<'a> {
        let name = match attr {
            AttrRef::Column(a) => a.name,
            AttrRef::Custom(_) => "",
        };
        let query = match (name, dir) {
            ("id", Direction::Asc) => query.order_by(bulletins::id.asc()),
            ("id", Direction::Desc) => query.order_by(bulletins::id.desc()),
            ("title", Direction::Asc) => query.order_by(bulletins::title.asc()),
            ("title", Direction::Desc) => query.order_by(bulletins::title.desc()),
            ("life_cycle_stage", Direction::Asc) => {
                query.order_by(bulletins::life_cycle_stage.asc())
            }
            ("life_cycle_stage", Direction::Desc) => {
                query.order_by(bulletins::life_cycle_stage.desc())
            }
            ("updated_at", Direction::Asc) => query.order_by(bulletins::updated_at.asc()),
            ("updated_at", Direction::Desc) => query.order_by(bulletins::updated_at.desc()),
            (_, Direction::Asc) => query.order_by(bulletins::created_at.asc()),
            (_, Direction::Desc) => query.order_by(bulletins::created_at.desc()),
        };
        match dir {
            Direction::Asc => query.then_order_by(bulletins::id.asc()),
            Direction::Desc => query.then_order_by(bulletins::id.desc()),
        }
    }
}

/// One page of an offering's bulletins and the total count; `stages` limits the stages
/// (`None`: all).
pub async fn list(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_id: Uuid,
    stages: Option<&[i16]>,
    filters: &[Filter],
    order: Option<&(AttrRef, Direction)>,
    page: Page,
) -> Result<QueryResult<(Vec<Bulletin>, i64)>, String> {
    let build = || -> Result<bulletin_attrs::Query<'static>, String> {
        let mut query = bulletins::table
            .filter(bulletins::network_id.eq(network_id))
            .filter(bulletins::offering_id.eq(offering_id))
            .into_boxed();
        if let Some(stages) = stages {
            query = query.filter(bulletins::life_cycle_stage.eq_any(stages.to_vec()));
        }
        for f in filters {
            query = bulletin_attrs::filter(query, f)?;
        }
        Ok(query)
    };
    crate::models::paging::count_and_page!(
        conn,
        bulletins,
        build,
        order by bulletin_attrs::order,
        page,
        select Bulletin::as_select(),
    )
}

/// The statement of [`first_of_offerings`] (its plan is checked by `tests/it/query_plans.rs`).
pub const FIRST_OF_OFFERINGS_SQL: &str = concat!(
    "SELECT b.id, b.network_id, b.offering_id, b.user_id, b.title, b.body,
            b.life_cycle_stage, b.created_at, b.updated_at
     FROM offerings o
",
    super::viewer_manages_offering!(),
    "     CROSS JOIN LATERAL (
         SELECT *
         FROM bulletins b
         WHERE b.network_id = o.network_id AND b.offering_id = o.id
           AND ($4 OR m.manages IS NOT NULL OR o.user_id = $3
                OR b.life_cycle_stage = ANY($5))
         ORDER BY b.created_at DESC, b.id DESC
         LIMIT $6
     ) b
     WHERE o.network_id = $1 AND o.id = ANY($2)
     ORDER BY b.offering_id, b.created_at DESC, b.id DESC",
);

/// The newest `limit` bulletins of each of many offerings that the viewer may see, in one
/// statement (a `LATERAL` walk of `bulletins_network_offering_newest_idx` per offering):
/// admins, the offering's author and members of its organization see every stage, others
/// [`stage::PUBLIC`].
pub async fn first_of_offerings(
    conn: &mut AsyncPgConnection,
    network_id: Uuid,
    offering_ids: &[Uuid],
    viewer: Option<Uuid>,
    is_admin: bool,
    limit: i64,
) -> QueryResult<Vec<Bulletin>> {
    CachedSql::new(FIRST_OF_OFFERINGS_SQL)
        .bind::<SqlUuid, _>(network_id)
        .bind::<Array<SqlUuid>, _>(offering_ids)
        .bind::<Nullable<SqlUuid>, _>(viewer)
        .bind::<Bool, _>(is_admin)
        .bind::<Array<SmallInt>, _>(stage::PUBLIC)
        .bind::<BigInt, _>(limit)
        .load(conn)
        .await
}
