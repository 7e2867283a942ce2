//! Writing read plans into the store. One file is one transaction: every
//! plan of it is stored, or nothing is.

use super::packed::{pack_ids, pack_links};
use super::{audit, departments, Result, Stamp, Store, StoreError};
use crate::model::{DepartmentId, PersonRole, Plan, Task};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::HashMap;

/// Where the plans came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file name as given on the command line.
    pub name: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// What happened to one plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    Imported,
    /// The same plan (government, title, 文号) is already in the store.
    AlreadyPresent,
}

/// One plan's line in the import report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub source: String,
    pub plan_id: i64,
    pub title: String,
    pub doc_no: Option<String>,
    pub government: String,
    pub tasks: usize,
    /// Indicators and unit rows of targets stored with the plan.
    pub indicators: usize,
    pub target_lines: usize,
    pub outcome: ImportOutcome,
    /// For a plan already present, how the file read now differs from it
    /// (its tasks' count, numbers, texts and deadlines), which the store
    /// keeps as first imported: at most five, then how many more.
    pub differences: Vec<String>,
}

/// How many differences from a stored plan an import names.
const DIFFERENCES_LISTED: usize = 5;

impl Store {
    /// Stores every plan of the given files in a single transaction: all of
    /// them or, on any error, nothing. Plans already present are left
    /// untouched and reported as such.
    /// `progress` is told each plan as it is written (plans done, plans in
    /// all), for long imports.
    pub fn import(
        &mut self,
        batch: &[(&SourceFile, &[Plan])],
        stamp: &Stamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<ImportSummary>> {
        self.bulk_write(|e| e, |store| store.import_checked(batch, stamp, progress))
    }

    /// [`Store::import`] inside its bulk write: every id it writes was just
    /// inserted or looked up in the same transaction.
    fn import_checked(
        &mut self,
        batch: &[(&SourceFile, &[Plan])],
        stamp: &Stamp,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<ImportSummary>> {
        let tx = self.write("导入")?;
        let mut out = Vec::new();
        let mut ids = Ids::default();
        let total = batch.iter().map(|(_, p)| p.len()).sum();
        for (source, plans) in batch {
            for plan in *plans {
                out.push(import_plan(&tx, source, plan, stamp, &mut ids)?);
                progress(out.len(), total);
            }
        }
        tx.commit().map_err(StoreError::sql("提交导入"))?;
        Ok(out)
    }
}

/// Departments and people already resolved in this import, by government
/// and then name: a province's plans name the same few hundred units a
/// million times, and each lookup would otherwise be several queries. Two
/// levels, so a name already seen is found without building a key.
#[derive(Default)]
struct Ids {
    departments: HashMap<String, HashMap<String, DepartmentId>>,
    people: HashMap<String, HashMap<String, i64>>,
}

impl Ids {
    fn department(&mut self, tx: &Transaction<'_>, government: &str, name: &str, now: &str) -> Result<DepartmentId> {
        cached(&mut self.departments, government, name, || departments::resolve(tx, government, name, now))
    }

    fn person(&mut self, tx: &Transaction<'_>, government: &str, name: &str) -> Result<i64> {
        cached(&mut self.people, government, name, || person_id(tx, government, name))
    }
}

/// The id kept for `government`'s `name`, or the one `look_up` finds, kept.
fn cached<T: Copy>(
    ids: &mut HashMap<String, HashMap<String, T>>,
    government: &str,
    name: &str,
    look_up: impl FnOnce() -> Result<T>,
) -> Result<T> {
    if let Some(id) = ids.get(government).and_then(|names| names.get(name)) {
        return Ok(*id);
    }
    let id = look_up()?;
    ids.entry(government.to_string()).or_default().insert(name.to_string(), id);
    Ok(id)
}

/// A plan's task facts, packed from its tasks just written (no state yet),
/// in one statement, built once and prepared once per connection rather
/// than for each of a province's five thousand plans.
static INSERT_FACTS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let judged = super::facts::judged_sql("ongoing", "NULL", "NULL", "due");
    format!(
        "INSERT INTO task_facts (plan_id, task_id, judged, links, leaders)
         SELECT plan_id, id, {judged}, links, leaders FROM tasks WHERE plan_id = ?1 ORDER BY id"
    )
});

fn import_plan(
    tx: &Transaction<'_>,
    source: &SourceFile,
    plan: &Plan,
    stamp: &Stamp,
    ids: &mut Ids,
) -> Result<ImportSummary> {
    let meta = &plan.meta;
    let (plan_id, tasks, outcome, differences) = match existing_plan(tx, plan)? {
        Some(id) => {
            let stored = stored_tasks(tx, id)?;
            (id, stored.len(), ImportOutcome::AlreadyPresent, differences(&stored, &plan.tasks))
        }
        None => {
            let id = insert_plan(tx, source, plan, stamp)?;
            for (ordinal, task) in plan.tasks.iter().enumerate() {
                insert_task(tx, id, &meta.government, ordinal, task, &stamp.at, ids)?;
            }
            // What today's counts read of them (migrations 0007, 0012).
            tx.prepare_cached(&INSERT_FACTS)
                .and_then(|mut insert| insert.execute([id]))
                .map_err(StoreError::sql("写入任务要素"))?;
            let figures_date = meta.issued;
            super::indicators::insert(tx, id, &meta.government, &plan.indicators, figures_date, &source.name, stamp)?;
            let detail = serde_json::json!({
                "plan_id": id, "source": source.name, "sha256": source.sha256, "tasks": plan.tasks.len(),
                "indicators": plan.indicators.indicators.len(), "target_lines": plan.indicators.target_lines()
            });
            audit(tx, stamp, "import", &meta.title, &detail)?;
            (id, plan.tasks.len(), ImportOutcome::Imported, Vec::new())
        }
    };
    Ok(ImportSummary {
        source: source.name.clone(),
        plan_id,
        title: meta.title.clone(),
        doc_no: meta.doc_no.clone(),
        government: meta.government.clone(),
        tasks,
        indicators: plan.indicators.indicators.len(),
        target_lines: plan.indicators.target_lines(),
        outcome,
        differences,
    })
}

/// What an import compares of a stored task: its number, text, due date
/// and whether it is ongoing.
type StoredTask = (String, String, Option<String>, bool);

fn stored_tasks(tx: &Transaction<'_>, plan: i64) -> Result<Vec<StoredTask>> {
    let read = || StoreError::sql("读取已有任务");
    let mut stmt =
        tx.prepare("SELECT seq, text, due, ongoing FROM tasks WHERE plan_id = ?1 ORDER BY ordinal").map_err(read())?;
    let rows = stmt.query_map([plan], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).map_err(read())?;
    rows.collect::<rusqlite::Result<Vec<StoredTask>>>().map_err(read())
}

/// How the tasks read now differ from the stored ones, task by task in
/// order, in words for the clerk: 「第 17 项：内容不同」, 「第 20 项：完成时限
/// 2023-06-30 → 2023-12-31」, 「任务数 116 → 117」.
fn differences(stored: &[StoredTask], read: &[Task]) -> Vec<String> {
    let deadline = |due: Option<&str>, ongoing: bool| match (ongoing, due) {
        (true, _) => "长期坚持".to_string(),
        (false, Some(d)) => d.to_string(),
        (false, None) => "未定".to_string(),
    };
    let mut all = Vec::new();
    if stored.len() != read.len() {
        all.push(format!("任务数 {} → {}", stored.len(), read.len()));
    }
    for ((seq, text, due, ongoing), task) in stored.iter().zip(read) {
        let was = deadline(due.as_deref(), *ongoing);
        let now = deadline(task.deadline.due.map(|d| d.to_string()).as_deref(), task.deadline.ongoing);
        if *seq != task.seq {
            all.push(format!("第 {seq} 项：序号 {seq} → {}", task.seq));
        } else if *text != task.text {
            all.push(format!("第 {seq} 项：内容不同"));
        } else if was != now {
            all.push(format!("第 {seq} 项：完成时限 {was} → {now}"));
        }
    }
    if all.len() > DIFFERENCES_LISTED {
        let more = all.len() - DIFFERENCES_LISTED;
        all.truncate(DIFFERENCES_LISTED);
        all.push(format!("另有 {more} 处"));
    }
    all
}

fn existing_plan(tx: &Transaction<'_>, plan: &Plan) -> Result<Option<i64>> {
    let m = &plan.meta;
    tx.query_row(
        "SELECT id FROM plans WHERE government = ?1 AND title = ?2 AND COALESCE(doc_no, '') = COALESCE(?3, '')",
        params![m.government, m.title, m.doc_no],
        |r| r.get(0),
    )
    .optional()
    .map_err(StoreError::sql("查找已导入的方案"))
}

fn insert_plan(tx: &Transaction<'_>, source: &SourceFile, plan: &Plan, stamp: &Stamp) -> Result<i64> {
    let m = &plan.meta;
    tx.execute(
        "INSERT INTO plans (government, title, doc_no, issuer, issued, year, period_start, period_end, format,
                            source_name, source_sha256, source_line, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            m.government,
            m.title,
            m.doc_no,
            m.issuer,
            m.issued.map(|d| d.to_string()),
            m.year,
            m.period_start.map(|d| d.to_string()),
            m.period_end.map(|d| d.to_string()),
            plan.format,
            source.name,
            source.sha256,
            m.line as i64,
            stamp.at,
            stamp.by
        ],
    )
    .map_err(StoreError::sql(format!("写入方案《{}》", m.title)))?;
    let id = tx.last_insert_rowid();
    for r in &m.schedule {
        tx.execute(
            "INSERT OR REPLACE INTO plan_schedule (plan_id, period, label, due) VALUES (?1, ?2, ?3, ?4)",
            params![id, r.period.code(), r.period.label(), r.due.to_string()],
        )
        .map_err(StoreError::sql("写入报送时间"))?;
    }
    Ok(id)
}

fn insert_task(
    tx: &Transaction<'_>,
    plan_id: i64,
    government: &str,
    ordinal: usize,
    t: &Task,
    now: &str,
    ids: &mut Ids,
) -> Result<()> {
    // Names resolve first: the task row keeps its units and leaders packed.
    let mut people = Vec::new();
    for (role, names) in [(PersonRole::Leader, &t.leaders), (PersonRole::LeadOfficer, &t.lead_officers)] {
        for (pos, name) in names.iter().enumerate() {
            people.push((role, pos, ids.person(tx, government, name)?));
        }
    }
    let mut units = Vec::with_capacity(t.units.len());
    for unit in &t.units {
        units.push((ids.department(tx, government, &unit.name, now)?, unit));
    }
    let links = pack_links(units.iter().map(|(dept, unit)| (dept.0, unit.role)));
    let leaders = pack_ids(people.iter().filter(|(role, _, _)| *role == PersonRole::Leader).map(|(_, _, id)| *id));
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO tasks (plan_id, ordinal, seq, category, title, text, source_line, deadline_text, due, ongoing, inferred,
                                links, leaders)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )
        .map_err(StoreError::sql("准备写入任务"))?;
    stmt.execute(params![
        plan_id,
        ordinal as i64,
        t.seq,
        serde_json::to_string(&t.category).unwrap_or_else(|_| "[]".into()),
        t.title,
        t.text,
        t.line as i64,
        t.deadline.text,
        t.deadline.due.map(|d| d.to_string()),
        t.deadline.ongoing,
        t.deadline.inferred,
        links,
        leaders
    ])
    .map_err(StoreError::sql(format!("写入任务 {}", t.seq)))?;
    let task_id = tx.last_insert_rowid();
    for (role, pos, person) in people {
        tx.prepare_cached("INSERT INTO task_people (task_id, person_id, role, position) VALUES (?1, ?2, ?3, ?4)")
            .and_then(|mut s| s.execute(params![task_id, person, role.code(), pos as i64]))
            .map_err(StoreError::sql("写入责任人"))?;
    }
    for (pos, (dept, unit)) in units.into_iter().enumerate() {
        tx.prepare_cached("INSERT INTO task_departments (task_id, department_id, role, as_printed, position) VALUES (?1, ?2, ?3, ?4, ?5)")
            .and_then(|mut s| s.execute(params![task_id, dept.0, unit.role.code(), unit.as_printed, pos as i64]))
            .map_err(StoreError::sql("写入任务的部门"))?;
    }
    Ok(())
}

fn person_id(tx: &Transaction<'_>, government: &str, name: &str) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO people (government, name) VALUES (?1, ?2) ON CONFLICT (government, name) DO NOTHING",
    )
    .and_then(|mut s| s.execute(params![government, name]))
    .map_err(StoreError::sql("写入人员"))?;
    tx.prepare_cached("SELECT id FROM people WHERE government = ?1 AND name = ?2")
        .and_then(|mut s| s.query_row(params![government, name], |r| r.get(0)))
        .map_err(StoreError::sql("查找人员"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(seq: &str, text: &str, due: Option<&str>) -> Task {
        let mut t = Task { seq: seq.into(), text: text.into(), ..Task::default() };
        t.deadline.due = due.map(|d| d.parse().unwrap());
        t
    }

    #[test]
    fn differences_from_a_stored_plan_are_named_task_by_task() {
        let stored: Vec<StoredTask> =
            (1..=8).map(|i| (i.to_string(), format!("任务{i}。"), Some("2023-12-31".to_string()), i == 8)).collect();
        let same: Vec<Task> = stored
            .iter()
            .map(|(seq, text, due, ongoing)| {
                let mut t = task(seq, text, if *ongoing { None } else { due.as_deref() });
                t.deadline.ongoing = *ongoing;
                t
            })
            .collect();
        assert!(differences(&stored, &same).is_empty());

        let mut read = same.clone();
        read[1].text = "任务2，改过。".into();
        read[2].deadline.due = Some("2023-06-30".parse().unwrap());
        read[7].deadline.ongoing = false;
        read.push(task("9", "任务9。", None));
        assert_eq!(
            differences(&stored, &read),
            [
                "任务数 8 → 9",
                "第 2 项：内容不同",
                "第 3 项：完成时限 2023-12-31 → 2023-06-30",
                "第 8 项：完成时限 长期坚持 → 未定"
            ]
        );
        // Past five, the rest are counted.
        let renumbered: Vec<Task> = same.iter().map(|t| task(&format!("{}.1", t.seq), &t.text, None)).collect();
        let said = differences(&stored, &renumbered);
        assert_eq!(said.len(), 6);
        assert_eq!((said[0].as_str(), said[5].as_str()), ("第 1 项：序号 1 → 1.1", "另有 3 处"));
    }
}
