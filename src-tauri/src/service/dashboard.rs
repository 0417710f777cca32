//! The Overview dashboard's moving parts: the score trend, the drift feed (what
//! changed between syncs, in the checks' words) and what needs attention.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::connectors::checks::evaluate;
use crate::connectors::connector;
use crate::domain::TestStatus;
use crate::store::repo::score_history::{self, ScorePoint};
use crate::store::{repo, Store};

use super::assessment_page::{self, Attention};
use super::evaluation::recent_facts;
use super::ServiceError;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Dashboard {
    /// The overall score per day, oldest first, over the last year.
    pub trend: Vec<ScorePoint>,
    pub drift: Vec<DriftItem>,
    pub attention: Vec<Attention>,
}

/// A check whose verdict changed between two syncs of an instance.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DriftItem {
    pub instance: String,
    pub instance_uid: Uuid,
    pub check: String,
    pub before: TestStatus,
    pub after: TestStatus,
    #[ts(type = "unknown")]
    pub observed_before: Option<serde_json::Value>,
    #[ts(type = "unknown")]
    pub observed_after: Option<serde_json::Value>,
    pub seen_at: DateTime<Utc>,
}

/// How many syncs back per instance the feed looks, and how many items it shows.
const SNAPSHOTS_PER_INSTANCE: usize = 8;
const DRIFT_ITEMS: usize = 30;

pub fn get(store: &Store) -> Result<Dashboard, ServiceError> {
    let since = (Utc::now() - Duration::days(366))
        .format("%Y-%m-%d")
        .to_string();
    let trend = score_history::series(store.conn(), score_history::OVERALL, &since)?;
    Ok(Dashboard {
        trend,
        drift: drift(store)?,
        attention: attention(store)?,
    })
}

pub fn drift(store: &Store) -> Result<Vec<DriftItem>, ServiceError> {
    let mut items = Vec::new();
    for instance in repo::instances::list(store.conn())? {
        let Some(connector) = connector(&instance.service) else {
            continue;
        };
        let checks = connector.checks();
        let snapshots = recent_facts(store.conn(), &instance, SNAPSHOTS_PER_INSTANCE)?;
        // Newest first: compare each snapshot with the one before it.
        for pair in snapshots.windows(2) {
            let (newer, older) = (&pair[0], &pair[1]);
            for check in &checks {
                let after = evaluate(check, Some(&newer.facts));
                let before = evaluate(check, Some(&older.facts));
                if after.status != before.status {
                    items.push(DriftItem {
                        instance: instance.name.clone(),
                        instance_uid: instance.uid,
                        check: check.title.clone(),
                        before: before.status,
                        after: after.status,
                        observed_before: before.evidence.observed,
                        observed_after: after.evidence.observed,
                        seen_at: newer.finished_at,
                    });
                }
            }
        }
    }
    items.sort_by(|a, b| b.seen_at.cmp(&a.seen_at).then(a.check.cmp(&b.check)));
    items.truncate(DRIFT_ITEMS);
    Ok(items)
}

/// Every assessment's attention items except its failures (the assessment page
/// lists those), each instance named once.
fn attention(store: &Store) -> Result<Vec<Attention>, ServiceError> {
    let mut out: Vec<Attention> = Vec::new();
    for assessment in repo::assessments::list(store.conn())? {
        let page = assessment_page::get(store, &assessment.uid.to_string())?;
        for item in page
            .attention
            .into_iter()
            .filter(|a| a.kind != "failed_high_risk")
        {
            let instance_level = item.action_uid.is_none();
            if instance_level
                && out
                    .iter()
                    .any(|o| o.kind == item.kind && o.title == item.title)
            {
                continue;
            }
            out.push(item);
        }
    }
    Ok(out)
}
