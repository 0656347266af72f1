//! The payment arithmetic of one plan in one month.
//!
//! Every amount is whole cents. The month's benefit and costs are taken pro rata when the plan
//! starts or ends within the month (days covered / days in the month). Rounding never creates or
//! loses a cent: the pro-rated benefit is rounded half up, the pro-rated costs are rounded so that
//! together they equal the rounded pro rata of their sum (largest remainder), and the person gets
//! exactly what is left. So creditors plus remainder always equal the benefit paid for the month.
//!
//! When the costs exceed the benefit nothing is paid blindly: without a decision about which
//! creditors go first the plan pays nothing that month and asks for the decision; with one, the
//! creditors are paid in the decided order until the benefit runs out and the remainder is zero.
//! A remainder is never negative.

use super::Month;
use crate::{Cents, Invalid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How often a fixed cost falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CostPeriod {
    /// Every month.
    Maand,
    /// In January, April, July and October.
    Kwartaal,
    /// A yearly amount (municipal taxes, for instance) paid in twelve monthly terms whose sum is
    /// the yearly amount to the cent.
    Jaar,
}

impl CostPeriod {
    pub const ALL: [CostPeriod; 3] = [CostPeriod::Maand, CostPeriod::Kwartaal, CostPeriod::Jaar];

    pub fn code(self) -> &'static str {
        match self {
            CostPeriod::Maand => "maand",
            CostPeriod::Kwartaal => "kwartaal",
            CostPeriod::Jaar => "jaar",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            CostPeriod::Maand => "per maand",
            CostPeriod::Kwartaal => "per kwartaal",
            CostPeriod::Jaar => "per jaar (in 12 maandtermijnen)",
        }
    }

    pub fn parse(code: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == code)
            .ok_or(Invalid::new("Kies een periode: per maand, per kwartaal of per jaar."))
    }

    /// The most a cost of this period may be: € 5.000 per month, so a typing error (an extra
    /// zero, cents typed as euros) is caught before money moves.
    fn max_amount(self) -> Cents {
        match self {
            CostPeriod::Maand => Cents(500_000),
            CostPeriod::Kwartaal => Cents(1_500_000),
            CostPeriod::Jaar => Cents(6_000_000),
        }
    }

    /// Validates an amount entered for this period.
    pub fn check_amount(self, amount: Cents) -> Result<Cents, Invalid> {
        if amount.0 <= 0 {
            return Err(Invalid::new("Een bedrag voor vaste lasten moet groter zijn dan € 0,00."));
        }
        if amount > self.max_amount() {
            return Err(Invalid::new(
                "Dit bedrag is onwaarschijnlijk hoog (meer dan € 5.000 per maand). Controleer het bedrag.",
            ));
        }
        Ok(amount)
    }

    /// What falls due in `month` for an amount of this period, before pro rata.
    pub fn due_in(self, amount: Cents, month: Month) -> Cents {
        match self {
            CostPeriod::Maand => amount,
            CostPeriod::Kwartaal => {
                if month.number() % 3 == 1 {
                    amount
                } else {
                    Cents(0)
                }
            }
            CostPeriod::Jaar => {
                let k = i64::from(month.number());
                Cents(amount.0 * k / 12 - amount.0 * (k - 1) / 12)
            }
        }
    }
}

/// One fixed cost as due in the month, before pro rata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthCost {
    /// The stored cost item (a version of a creditor's cost line).
    pub cost_id: i64,
    pub due: Cents,
    /// The place in the decided order when costs exceed the benefit (lower goes first).
    pub priority: Option<u32>,
}

/// The facts of one plan for one month.
#[derive(Clone, Debug)]
pub struct PlanMonth<'a> {
    pub month: Month,
    pub plan_start: NaiveDate,
    /// Last day the plan pays (inclusive).
    pub plan_end: NaiveDate,
    /// The monthly net benefit in force this month.
    pub benefit: Cents,
    pub costs: &'a [MonthCost],
    /// Whether someone decided which creditors go first when the benefit does not suffice.
    pub priority_decided: bool,
}

/// What one plan pays in one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MonthOutcome {
    /// The plan does not cover any day of the month.
    NotActive,
    /// Every creditor paid in full and the remainder to the person.
    Paid(Payment),
    /// Costs exceed the benefit and no order has been decided: nothing is paid.
    NeedsDecision { benefit: Cents, costs: Cents },
    /// Costs exceed the benefit; creditors paid in the decided order, some not (fully).
    PaidInOrder { payment: Payment, unpaid: Vec<(i64, Cents)> },
}

/// The payments of one plan in one month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub days: u32,
    pub days_in_month: u32,
    /// The benefit for the days covered.
    pub benefit: Cents,
    /// Per cost item, what goes to its creditor (items with nothing due are left out).
    pub creditors: Vec<(i64, Cents)>,
    /// What goes to the person; never negative.
    pub remainder: Cents,
}

impl MonthOutcome {
    pub fn payment(&self) -> Option<&Payment> {
        match self {
            MonthOutcome::Paid(p) | MonthOutcome::PaidInOrder { payment: p, .. } => Some(p),
            _ => None,
        }
    }
}

/// The days of `month` that fall within `start..=end`.
pub fn covered_days(month: Month, start: NaiveDate, end: NaiveDate) -> u32 {
    let from = start.max(month.first_day());
    let to = end.min(month.last_day());
    if from > to {
        0
    } else {
        (to - from).num_days() as u32 + 1
    }
}

/// `amount × num / den`, rounded half up (amounts are never negative here).
fn pro_rata(amount: i64, num: i64, den: i64) -> i64 {
    (2 * amount * num + den) / (2 * den)
}

/// Pro-rates several amounts so that their sum equals the rounded pro rata of their sum: each
/// gets its floor, and the cents left go to the largest fractions (the first one on a tie).
pub fn pro_rata_all(amounts: &[i64], num: i64, den: i64) -> Vec<i64> {
    let mut shares: Vec<i64> = amounts.iter().map(|a| a * num / den).collect();
    let target = pro_rata(amounts.iter().sum(), num, den);
    let mut left = target - shares.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..amounts.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(amounts[i] * num % den), i));
    for i in order {
        if left <= 0 {
            break;
        }
        if amounts[i] * num % den != 0 {
            shares[i] += 1;
            left -= 1;
        }
    }
    shares
}

/// Works out one plan's payments for one month.
pub fn compute(m: &PlanMonth<'_>) -> MonthOutcome {
    let days = covered_days(m.month, m.plan_start, m.plan_end);
    if days == 0 {
        return MonthOutcome::NotActive;
    }
    let dim = m.month.days();
    let (num, den) = (i64::from(days), i64::from(dim));
    let benefit = pro_rata(m.benefit.0.max(0), num, den);
    let due: Vec<&MonthCost> = m.costs.iter().filter(|c| c.due.0 > 0).collect();
    let shares = pro_rata_all(&due.iter().map(|c| c.due.0).collect::<Vec<_>>(), num, den);
    let total: i64 = shares.iter().sum();
    let base = |creditors, remainder| Payment {
        days,
        days_in_month: dim,
        benefit: Cents(benefit),
        creditors,
        remainder: Cents(remainder),
    };
    if total <= benefit {
        let creditors = due.iter().zip(&shares).map(|(c, s)| (c.cost_id, Cents(*s))).collect();
        return MonthOutcome::Paid(base(creditors, benefit - total));
    }
    if !m.priority_decided {
        return MonthOutcome::NeedsDecision { benefit: Cents(benefit), costs: Cents(total) };
    }
    let mut order: Vec<(usize, &MonthCost)> = due.iter().copied().enumerate().collect();
    order.sort_by_key(|(i, c)| (c.priority.unwrap_or(u32::MAX), *i));
    let mut left = benefit;
    let mut creditors = Vec::new();
    let mut unpaid = Vec::new();
    for (i, c) in order {
        let pay = shares[i].min(left);
        left -= pay;
        if pay > 0 {
            creditors.push((c.cost_id, Cents(pay)));
        }
        if pay < shares[i] {
            unpaid.push((c.cost_id, Cents(shares[i] - pay)));
        }
    }
    MonthOutcome::PaidInOrder { payment: base(creditors, left), unpaid }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn month(s: &str) -> Month {
        Month::parse(s).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn cost(id: i64, cents: i64) -> MonthCost {
        MonthCost { cost_id: id, due: Cents(cents), priority: None }
    }

    #[test]
    fn full_month_pays_costs_and_remainder() {
        let costs = [cost(1, 65_000), cost(2, 12_000), cost(3, 3_500), cost(4, 14_000)];
        let out = compute(&PlanMonth {
            month: month("2026-11"),
            plan_start: d(2026, 9, 1),
            plan_end: d(2027, 2, 28),
            benefit: Cents(142_114),
            costs: &costs,
            priority_decided: false,
        });
        let p = out.payment().unwrap();
        assert_eq!(p.days, 30);
        assert_eq!(p.creditors, vec![(1, Cents(65_000)), (2, Cents(12_000)), (3, Cents(3_500)), (4, Cents(14_000))]);
        assert_eq!(p.remainder, Cents(142_114 - 94_500));
    }

    #[test]
    fn start_within_month_is_pro_rata_and_exact() {
        // Starts on 17 November: 14 of 30 days.
        let costs = [cost(1, 65_001), cost(2, 12_001), cost(3, 3_333)];
        let out = compute(&PlanMonth {
            month: month("2026-11"),
            plan_start: d(2026, 11, 17),
            plan_end: d(2027, 5, 16),
            benefit: Cents(142_114),
            costs: &costs,
            priority_decided: false,
        });
        let p = out.payment().unwrap();
        assert_eq!(p.days, 14);
        assert_eq!(p.benefit, Cents(66_320)); // 142114 × 14 / 30 = 66319.87 → 66320
        let paid: i64 = p.creditors.iter().map(|(_, c)| c.0).sum();
        assert_eq!(paid, 37_490); // 80335 × 14 / 30 = 37489.67 → 37490
        assert_eq!(paid + p.remainder.0, p.benefit.0);
    }

    #[test]
    fn end_within_month_counts_the_last_day() {
        assert_eq!(covered_days(month("2027-05"), d(2026, 11, 17), d(2027, 5, 16)), 16);
        assert_eq!(covered_days(month("2027-06"), d(2026, 11, 17), d(2027, 5, 16)), 0);
        assert_eq!(covered_days(month("2026-10"), d(2026, 11, 17), d(2027, 5, 16)), 0);
    }

    #[test]
    fn costs_above_benefit_wait_for_a_decision() {
        let mut costs = vec![cost(1, 90_000), cost(2, 30_000), cost(3, 30_000)];
        let facts = |costs: &[MonthCost], decided| {
            compute(&PlanMonth {
                month: month("2026-11"),
                plan_start: d(2026, 1, 1),
                plan_end: d(2027, 1, 1),
                benefit: Cents(140_000),
                costs,
                priority_decided: decided,
            })
        };
        assert_eq!(
            facts(&costs, false),
            MonthOutcome::NeedsDecision { benefit: Cents(140_000), costs: Cents(150_000) }
        );
        costs[0].priority = Some(1);
        costs[2].priority = Some(2);
        costs[1].priority = Some(3);
        match facts(&costs, true) {
            MonthOutcome::PaidInOrder { payment, unpaid } => {
                assert_eq!(payment.creditors, vec![(1, Cents(90_000)), (3, Cents(30_000)), (2, Cents(20_000))]);
                assert_eq!(payment.remainder, Cents(0));
                assert_eq!(unpaid, vec![(2, Cents(10_000))]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn yearly_terms_add_up_to_the_year_and_quarters_fall_in_their_month() {
        let yearly = Cents(31_337);
        let sum: i64 = (1..=12).map(|m| CostPeriod::Jaar.due_in(yearly, month(&format!("2027-{m:02}"))).0).sum();
        assert_eq!(sum, 31_337);
        assert_eq!(CostPeriod::Kwartaal.due_in(Cents(9_000), month("2027-04")), Cents(9_000));
        assert_eq!(CostPeriod::Kwartaal.due_in(Cents(9_000), month("2027-05")), Cents(0));
    }

    #[test]
    fn amounts_are_checked() {
        assert!(CostPeriod::Maand.check_amount(Cents(0)).is_err());
        assert!(CostPeriod::Maand.check_amount(Cents(-100)).is_err());
        assert!(CostPeriod::Maand.check_amount(Cents(5_000_000)).is_err());
        assert!(CostPeriod::Jaar.check_amount(Cents(60_000)).is_ok());
    }

    proptest! {
        #[test]
        fn totals_are_preserved_exactly(
            benefit in 0i64..400_000,
            amounts in proptest::collection::vec(0i64..200_000, 0..7),
            start_day in 1u32..=28,
            end_offset in 0i64..400,
            decided in any::<bool>(),
            month_offset in 0i32..14,
        ) {
            let start = d(2026, 3, start_day);
            let end = start + chrono::Duration::days(end_offset);
            let costs: Vec<MonthCost> = amounts.iter().enumerate()
                .map(|(i, a)| MonthCost { cost_id: i as i64, due: Cents(*a), priority: Some((amounts.len() - i) as u32) })
                .collect();
            let m = month("2026-03").plus(month_offset);
            let out = compute(&PlanMonth { month: m, plan_start: start, plan_end: end, benefit: Cents(benefit), costs: &costs, priority_decided: decided });
            let days = covered_days(m, start, end);
            match &out {
                MonthOutcome::NotActive => prop_assert_eq!(days, 0),
                MonthOutcome::NeedsDecision { benefit: b, costs: c } => {
                    prop_assert!(!decided);
                    prop_assert!(c > b);
                }
                MonthOutcome::Paid(p) | MonthOutcome::PaidInOrder { payment: p, .. } => {
                    let paid: i64 = p.creditors.iter().map(|(_, c)| c.0).sum();
                    prop_assert!(p.remainder.0 >= 0);
                    prop_assert!(p.creditors.iter().all(|(_, c)| c.0 > 0));
                    prop_assert_eq!(paid + p.remainder.0, p.benefit.0);
                    prop_assert!(p.benefit.0 <= benefit);
                    if days == m.days() {
                        prop_assert_eq!(p.benefit.0, benefit);
                    }
                    // No creditor ever gets more than its (pro-rated) due.
                    for (id, c) in &p.creditors {
                        let due = amounts[*id as usize];
                        prop_assert!(c.0 <= due);
                        if days == m.days() { prop_assert!(c.0 <= due); }
                    }
                    if let MonthOutcome::PaidInOrder { unpaid, .. } = &out {
                        prop_assert_eq!(p.remainder.0, 0);
                        prop_assert!(!unpaid.is_empty());
                    }
                }
            }
        }

        #[test]
        fn pro_rata_shares_sum_to_the_rounded_total(
            amounts in proptest::collection::vec(0i64..1_000_000, 1..10),
            den in 28i64..=31,
            num_frac in 0.0f64..=1.0,
        ) {
            let num = ((den as f64) * num_frac).floor() as i64;
            let shares = pro_rata_all(&amounts, num, den);
            let total: i64 = amounts.iter().sum();
            prop_assert_eq!(shares.iter().sum::<i64>(), pro_rata(total, num, den));
            for (a, s) in amounts.iter().zip(&shares) {
                prop_assert!((s * den - a * num).abs() < den, "a share is within one cent of exact");
            }
        }
    }
}
