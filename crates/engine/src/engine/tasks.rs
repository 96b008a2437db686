//! Running a task: its WHEN condition, its body in its schema, its history row, its children.

use crate::catalog::{ObjectBody, QName};
use crate::history::{TaskRun, TaskState};
use chrono::NaiveDateTime;
use gluesql_core::data::Value;

use super::Engine;

impl Engine {
    /// Runs a task's body now (as the scheduler or EXECUTE TASK does) and records it in TASK_HISTORY.
    pub(crate) fn run_task(&mut self, q: &QName, scheduled: NaiveDateTime, from: &str) {
        let Some(ObjectBody::Task(task)) = self.catalog.objects.get(q).map(|o| &o.body) else {
            return;
        };
        let body = task.body.clone();
        let condition = task.condition.clone();
        let saved = (
            self.catalog.current_database.clone(),
            self.catalog.current_schema.clone(),
        );
        self.catalog.current_database = Some(q.database.clone());
        self.catalog.current_schema = Some(q.schema.clone());
        let start = self.now;
        // WHEN is evaluated first: FALSE skips the run (state SKIPPED), an error fails it.
        let proceed = match &condition {
            None => Ok(true),
            Some(c) => self.execute(&format!("SELECT {c}")).map(|r| {
                matches!(
                    r.rows.first().and_then(|row| row.first()),
                    Some(Value::Bool(true))
                )
            }),
        };
        let outcome = match proceed {
            Ok(true) => self.execute(&body).map(|_| true),
            other => other,
        };
        self.catalog.current_database = saved.0;
        self.catalog.current_schema = saved.1;
        let run_id = self.task_history.len() as u64 + 1;
        let query_id = self.query_id();
        let (state, code, message) = match outcome {
            Ok(true) => (TaskState::Succeeded, None, None),
            Ok(false) => (
                TaskState::Skipped,
                None,
                Some("Conditional expression returned FALSE; the run was skipped.".to_owned()),
            ),
            Err(e) => (
                TaskState::Failed,
                Some(e.code.to_owned()),
                Some(e.to_string()),
            ),
        };
        self.task_history.push(TaskRun {
            task: q.clone(),
            query_text: body,
            state,
            error_code: code,
            error_message: message,
            scheduled_time: scheduled,
            query_start_time: start,
            completed_time: self.now,
            run_id,
            query_id,
            scheduled_from: from.to_owned(),
        });
        let children: Vec<QName> = self
            .catalog
            .tasks()
            .filter(|(_, t)| t.started && t.after.contains(q))
            .map(|(n, _)| n.clone())
            .collect();
        if state == TaskState::Succeeded {
            for child in children {
                self.run_task(&child, self.now, "SCHEDULE");
            }
        }
    }
}
