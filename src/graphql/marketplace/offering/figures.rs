//! The figures of an offering derived from its investments and their payouts
//! (`docs/money.md`). Flattened into `Offering`, so these fields keep their place.

use super::*;

/// The figure fields of an offering.
pub struct FigureFields<'a>(pub(super) &'a Offering);

impl Offering {
    /// The investment figures: those read with the page that listed the offering, else
    /// batch-loaded.
    pub(super) async fn figures(&self, ctx: &Context<'_>) -> ApiResult<model::Figures> {
        if let Some(figures) = self.figures {
            return Ok(figures);
        }
        let figures = ctx.loader()?.load_one(FiguresOf(self.row.id)).await?;
        Ok(figures.unwrap_or_default())
    }

    async fn payout_figures(&self, ctx: &Context<'_>) -> ApiResult<model::PayoutFigures> {
        let figures = ctx.loader()?.load_one(PayoutFiguresOf(self.row.id)).await?;
        Ok(figures.unwrap_or_default())
    }

    fn amount_raised_with(&self, figures: &model::Figures) -> Decimal {
        figures.approved_settled_amount + self.row.external_commitments
    }
}

#[Object(name = "OfferingFigureFields")]
impl FigureFields<'_> {
    /// Approved and Settled investment amounts plus externalCommitments.
    async fn amount_raised(&self, ctx: &Context<'_>) -> ApiResult<Money> {
        let figures = self.0.figures(ctx).await?;
        Ok(Money(self.0.amount_raised_with(&figures)))
    }

    /// amountRaised / fundingGoal * 100, to 2 decimal places (null without a goal).
    async fn raised_percent(&self, ctx: &Context<'_>) -> ApiResult<Option<Money>> {
        let figures = self.0.figures(ctx).await?;
        let raised = self.0.amount_raised_with(&figures);
        Ok(percent_of(raised, self.0.row.funding_goal).map(Money))
    }

    /// Number of Approved and Settled investments.
    async fn investment_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(self.0.figures(ctx).await?.investment_count)
    }

    /// Number of distinct investors with an Approved or Settled investment.
    async fn investor_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(self.0.figures(ctx).await?.investor_count)
    }

    /// Sum of the unpaid payouts of the offering's investments (a payout is unpaid while
    /// its Paid transactions sum to less than its amount).
    async fn capital_outstanding(&self, ctx: &Context<'_>) -> ApiResult<Money> {
        Ok(Money(self.0.payout_figures(ctx).await?.capital_outstanding))
    }

    /// Number of unpaid payouts of the offering's investments.
    async fn repayments_remaining(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        Ok(self.0.payout_figures(ctx).await?.repayments_remaining)
    }

    /// The unpaid payouts of the offering's investments by payout type.
    async fn sum_outstanding_payouts(&self, ctx: &Context<'_>) -> ApiResult<OutstandingPayouts> {
        let f = self.0.payout_figures(ctx).await?;
        Ok(OutstandingPayouts {
            dividends: Money(f.dividends),
            capitalgains: Money(f.capitalgains),
            loanrepayments: Money(f.loanrepayments),
        })
    }
}

/// `amount / goal * 100`, to 2 decimal places; null without a positive goal.
pub fn percent_of(amount: Decimal, goal: Option<Decimal>) -> Option<Decimal> {
    let goal = goal.filter(|g| *g > Decimal::ZERO)?;
    amount
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(goal))
        .map(|p| p.round_dp(2))
}

/// Unpaid payouts of an offering's investments by payout type (REST
/// `sum_outstanding_payouts`).
#[derive(SimpleObject)]
pub struct OutstandingPayouts {
    /// Dividend payouts.
    pub dividends: Money,
    /// Capital Gain payouts.
    pub capitalgains: Money,
    /// Loan Repayment payouts.
    pub loanrepayments: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raised_percent_rounds_and_needs_a_goal() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(percent_of(d("2500"), Some(d("10000"))), Some(d("25")));
        assert_eq!(percent_of(d("1"), Some(d("3"))), Some(d("33.33")));
        assert_eq!(percent_of(d("150"), Some(d("100"))), Some(d("150")));
        assert_eq!(percent_of(d("10"), None), None);
        assert_eq!(percent_of(d("10"), Some(d("0"))), None);
    }
}
