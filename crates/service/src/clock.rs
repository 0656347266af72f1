//! The one place that reads the time. Tests move it forward to expire sessions and locks.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }
    /// UTC without zone, as stored in the database.
    pub fn naive(&self) -> NaiveDateTime {
        self.now().naive_utc()
    }
    pub fn today(&self) -> chrono::NaiveDate {
        self.now().date_naive()
    }
    pub fn micros(&self) -> i64 {
        self.now().timestamp_micros()
    }
    /// Moves this clock (and its clones) forward. For tests.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds.fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}
