//! Virtual warehouses: account-level objects a session names for its compute (docs:
//! sql-reference/sql/create-warehouse, alter-warehouse, show-warehouses). Nothing here computes:
//! GlueSQL runs every statement whatever the warehouse, so a warehouse is its properties and its
//! state, kept for CREATE / ALTER / DROP / SHOW WAREHOUSES to read back as Snowflake shows them.
//!
//! The properties' defaults are Snowflake's for `CREATE WAREHOUSE` in SQL: X-Small, STANDARD, one
//! cluster, AUTO_SUSPEND 600, AUTO_RESUME TRUE, started.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// One property `CREATE WAREHOUSE` or `ALTER WAREHOUSE … SET` gives, with its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarehouseProperty {
    /// `WAREHOUSE_SIZE`, as SHOW WAREHOUSES displays it (`X-Small`, `Large`, `2X-Large`, …).
    Size(String),
    /// `WAREHOUSE_TYPE`: `STANDARD` or `SNOWPARK-OPTIMIZED`.
    Type(String),
    /// `MIN_CLUSTER_COUNT`.
    MinClusterCount(u64),
    /// `MAX_CLUSTER_COUNT`.
    MaxClusterCount(u64),
    /// `SCALING_POLICY`: `STANDARD` or `ECONOMY`.
    ScalingPolicy(String),
    /// `AUTO_SUSPEND` in seconds; None (`NULL`) never suspends.
    AutoSuspend(Option<u64>),
    /// `AUTO_RESUME`.
    AutoResume(bool),
    /// `INITIALLY_SUSPENDED` (CREATE only): created SUSPENDED rather than STARTED.
    InitiallySuspended(bool),
    /// `RESOURCE_MONITOR`; None (`NULL`) takes it off.
    ResourceMonitor(Option<String>),
    /// `COMMENT`.
    Comment(String),
    /// `ENABLE_QUERY_ACCELERATION`.
    EnableQueryAcceleration(bool),
    /// `QUERY_ACCELERATION_MAX_SCALE_FACTOR`.
    QueryAccelerationMaxScaleFactor(u64),
}

/// The properties `ALTER WAREHOUSE … UNSET` can return to their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarehouseField {
    /// `WAREHOUSE_SIZE`.
    Size,
    /// `WAREHOUSE_TYPE`.
    Type,
    /// `MIN_CLUSTER_COUNT`.
    MinClusterCount,
    /// `MAX_CLUSTER_COUNT`.
    MaxClusterCount,
    /// `SCALING_POLICY`.
    ScalingPolicy,
    /// `AUTO_SUSPEND`.
    AutoSuspend,
    /// `AUTO_RESUME`.
    AutoResume,
    /// `RESOURCE_MONITOR`.
    ResourceMonitor,
    /// `COMMENT`.
    Comment,
    /// `ENABLE_QUERY_ACCELERATION`.
    EnableQueryAcceleration,
    /// `QUERY_ACCELERATION_MAX_SCALE_FACTOR`.
    QueryAccelerationMaxScaleFactor,
}

/// A warehouse's properties and state, as SHOW WAREHOUSES shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warehouse {
    /// The size, as SHOW displays it (`X-Small`).
    pub size: String,
    /// `STANDARD` or `SNOWPARK-OPTIMIZED`.
    pub warehouse_type: String,
    /// The fewest clusters it runs.
    pub min_cluster_count: u64,
    /// The most clusters it runs.
    pub max_cluster_count: u64,
    /// `STANDARD` or `ECONOMY`.
    pub scaling_policy: String,
    /// Seconds of inactivity before it suspends itself; None never.
    pub auto_suspend: Option<u64>,
    /// Whether a statement sent to it while suspended resumes it.
    pub auto_resume: bool,
    /// SUSPENDED rather than STARTED.
    pub suspended: bool,
    /// The resource monitor assigned to it.
    pub resource_monitor: Option<String>,
    /// Its COMMENT.
    pub comment: Option<String>,
    /// Whether the query acceleration service is on.
    pub enable_query_acceleration: bool,
    /// The query acceleration service's scale factor bound.
    pub query_acceleration_max_scale_factor: u64,
    /// The virtual time it was created at.
    pub created_on: NaiveDateTime,
    /// The virtual time it last started (at creation, or its last RESUME).
    pub resumed_on: NaiveDateTime,
    /// The virtual time its properties or state last changed.
    pub updated_on: NaiveDateTime,
    /// A number that stays with it through renames (SHOW's `uuid`).
    pub id: u64,
}

impl Warehouse {
    /// A warehouse with Snowflake's defaults, created at `now`.
    pub fn new(id: u64, now: NaiveDateTime) -> Warehouse {
        Warehouse {
            size: "X-Small".to_owned(),
            warehouse_type: "STANDARD".to_owned(),
            min_cluster_count: 1,
            max_cluster_count: 1,
            scaling_policy: "STANDARD".to_owned(),
            auto_suspend: Some(600),
            auto_resume: true,
            suspended: false,
            resource_monitor: None,
            comment: None,
            enable_query_acceleration: false,
            query_acceleration_max_scale_factor: 8,
            created_on: now,
            resumed_on: now,
            updated_on: now,
            id,
        }
    }

    /// Gives it one property's value.
    pub fn set(&mut self, property: &WarehouseProperty) {
        match property {
            WarehouseProperty::Size(v) => self.size = v.clone(),
            WarehouseProperty::Type(v) => self.warehouse_type = v.clone(),
            WarehouseProperty::MinClusterCount(v) => self.min_cluster_count = *v,
            WarehouseProperty::MaxClusterCount(v) => self.max_cluster_count = *v,
            WarehouseProperty::ScalingPolicy(v) => self.scaling_policy = v.clone(),
            WarehouseProperty::AutoSuspend(v) => self.auto_suspend = *v,
            WarehouseProperty::AutoResume(v) => self.auto_resume = *v,
            WarehouseProperty::InitiallySuspended(v) => self.suspended = *v,
            WarehouseProperty::ResourceMonitor(v) => self.resource_monitor = v.clone(),
            WarehouseProperty::Comment(v) => self.comment = Some(v.clone()),
            WarehouseProperty::EnableQueryAcceleration(v) => self.enable_query_acceleration = *v,
            WarehouseProperty::QueryAccelerationMaxScaleFactor(v) => {
                self.query_acceleration_max_scale_factor = *v
            }
        }
    }

    /// Returns one property to its default.
    pub fn unset(&mut self, field: WarehouseField) {
        let d = Warehouse::new(self.id, self.created_on);
        match field {
            WarehouseField::Size => self.size = d.size,
            WarehouseField::Type => self.warehouse_type = d.warehouse_type,
            WarehouseField::MinClusterCount => self.min_cluster_count = d.min_cluster_count,
            WarehouseField::MaxClusterCount => self.max_cluster_count = d.max_cluster_count,
            WarehouseField::ScalingPolicy => self.scaling_policy = d.scaling_policy,
            WarehouseField::AutoSuspend => self.auto_suspend = d.auto_suspend,
            WarehouseField::AutoResume => self.auto_resume = d.auto_resume,
            WarehouseField::ResourceMonitor => self.resource_monitor = d.resource_monitor,
            WarehouseField::Comment => self.comment = d.comment,
            WarehouseField::EnableQueryAcceleration => {
                self.enable_query_acceleration = d.enable_query_acceleration
            }
            WarehouseField::QueryAccelerationMaxScaleFactor => {
                self.query_acceleration_max_scale_factor = d.query_acceleration_max_scale_factor
            }
        }
    }
}

/// A `WAREHOUSE_SIZE` value as SHOW WAREHOUSES displays it, from any of Snowflake's spellings
/// (`XSMALL`, `X-SMALL`, `'x-small'`, `XXLARGE`, `X2LARGE`, `2X-LARGE`, …); None for another word.
pub fn size_display(value: &str) -> Option<&'static str> {
    let key: String = value
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_uppercase();
    Some(match key.as_str() {
        "XSMALL" | "XS" => "X-Small",
        "SMALL" | "S" => "Small",
        "MEDIUM" | "M" => "Medium",
        "LARGE" | "L" => "Large",
        "XLARGE" | "XL" => "X-Large",
        "XXLARGE" | "X2LARGE" | "2XLARGE" | "2XL" => "2X-Large",
        "XXXLARGE" | "X3LARGE" | "3XLARGE" | "3XL" => "3X-Large",
        "X4LARGE" | "4XLARGE" | "4XL" => "4X-Large",
        "X5LARGE" | "5XLARGE" | "5XL" => "5X-Large",
        "X6LARGE" | "6XLARGE" | "6XL" => "6X-Large",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_every_spelling_show_as_snowflake_shows_them() {
        for (written, shown) in [
            ("XSMALL", "X-Small"),
            ("x-small", "X-Small"),
            ("MEDIUM", "Medium"),
            ("XXLARGE", "2X-Large"),
            ("X2LARGE", "2X-Large"),
            ("2X-LARGE", "2X-Large"),
            ("X6LARGE", "6X-Large"),
        ] {
            assert_eq!(size_display(written), Some(shown), "{written}");
        }
        assert_eq!(size_display("HUGE"), None);
    }

    #[test]
    fn unset_returns_a_property_to_its_default() {
        let now = chrono::NaiveDateTime::default();
        let mut w = Warehouse::new(1, now);
        w.set(&WarehouseProperty::Size("Large".into()));
        w.set(&WarehouseProperty::Comment("nightly".into()));
        w.unset(WarehouseField::Size);
        w.unset(WarehouseField::Comment);
        assert_eq!(w, Warehouse::new(1, now));
    }
}
