//! Variables of the share registry routes (`docs/registry.md`, "Reading the registry",
//! names the operation of each route). Their answers carry `capitalization_type`,
//! `life_cycle_stage` and a change's `change_kind` as integer codes, share counts and
//! prices as decimal strings.

use serde_json::{Value, json};

use crate::error::ApiResult;
use crate::rest::route::{Input, list_vars};

pub(super) fn capitalization_id_var(input: &Input) -> ApiResult<Value> {
    Ok(json!({ "id": input.path("capitalization_id")? }))
}

pub(super) fn capitalization_changelog_vars(input: &Input) -> ApiResult<Value> {
    let mut vars = list_vars(input)?;
    vars["capitalizationId"] = json!(input.path("capitalization_id")?);
    Ok(vars)
}
