//! Departments and their aliases: resolving a printed name to one department
//! of its government, listing them, adding aliases and merging two
//! departments (which re-links their tasks).

use super::packed::repack_links;
use super::{audit, Result, Stamp, Store, StoreError};
use crate::model::DepartmentId;
use crate::names::aliases::{self, Level};
use crate::names::is_collective;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

/// Loads the shipped alias table into a new database.
pub(super) fn seed_shipped(tx: &Transaction<'_>) -> Result<()> {
    let rows = aliases::parse_table(aliases::SHIPPED_CSV).map_err(|e| StoreError::AliasTable(e.to_string()))?;
    let mut stmt = tx
        .prepare("INSERT OR REPLACE INTO shipped_aliases (scope, alias_key, alias, canonical) VALUES (?1, ?2, ?3, ?4)")
        .map_err(StoreError::sql("准备别名表"))?;
    for r in rows {
        stmt.execute(params![r.scope, aliases::key(&r.alias), r.alias, r.canonical])
            .map_err(StoreError::sql("写入别名表"))?;
    }
    Ok(())
}

/// Finds or creates the department a printed name stands for, in a
/// government. `name` is the full name after prefix carry-over.
pub(super) fn resolve(tx: &Transaction<'_>, government: &str, name: &str, now: &str) -> Result<DepartmentId> {
    let level = Level::of(government);
    let name = aliases::qualify(name, level);
    let key = aliases::key(&name);
    if let Some(id) = by_alias(tx, government, &key)? {
        return Ok(id);
    }
    // A second hat belongs to its department: 市发展改革委（招商引资局）.
    let (base, hat) = aliases::split_hat(&name);
    let id = if hat.is_some() {
        resolve(tx, government, &base, now)?
    } else if let Some(canonical) = shipped_canonical(tx, government, level, &key)? {
        match by_alias(tx, government, &aliases::key(&canonical))? {
            Some(id) => id,
            None => {
                let id = create(tx, government, &canonical, now)?;
                adopt_shipped_aliases(tx, government, level, &canonical, id)?;
                id
            }
        }
    } else {
        create(tx, government, &name, now)?
    };
    add_import_alias(tx, government, &key, &name, id)?;
    Ok(id)
}

/// Records a spelling seen in an import as an alias of a department.
pub(super) fn add_import_alias(
    tx: &Transaction<'_>,
    government: &str,
    key: &str,
    name: &str,
    id: DepartmentId,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO department_aliases (government, alias_key, alias, department_id, source) VALUES (?1, ?2, ?3, ?4, 'import')",
    )
    .and_then(|mut s| s.execute(params![government, key, name, id.0]))
    .map_err(StoreError::sql("记录部门别名"))?;
    Ok(())
}

fn by_alias(tx: &Transaction<'_>, government: &str, key: &str) -> Result<Option<DepartmentId>> {
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT COALESCE(d.merged_into, d.id) FROM department_aliases a JOIN departments d ON d.id = a.department_id
             WHERE a.government = ?1 AND a.alias_key = ?2",
        )
        .and_then(|mut s| s.query_row(params![government, key], |r| r.get(0)).optional())
        .map_err(StoreError::sql("查找部门别名"))?;
    Ok(id.map(DepartmentId))
}

fn shipped_canonical(tx: &Transaction<'_>, government: &str, level: Level, key: &str) -> Result<Option<String>> {
    tx.prepare_cached(
        "SELECT canonical FROM shipped_aliases WHERE alias_key = ?1 AND scope IN (?2, ?3)
         ORDER BY scope = ?2 DESC LIMIT 1",
    )
    .and_then(|mut s| s.query_row(params![key, government, level.scope()], |r| r.get(0)).optional())
    .map_err(StoreError::sql("查找别名表"))
}

/// A department created from the shipped table takes all its shipped
/// spellings, so they show in the department list and find it.
fn adopt_shipped_aliases(
    tx: &Transaction<'_>,
    government: &str,
    level: Level,
    canonical: &str,
    id: DepartmentId,
) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO department_aliases (government, alias_key, alias, department_id, source)
         SELECT ?1, alias_key, alias, ?4, 'shipped' FROM shipped_aliases WHERE canonical = ?3 AND scope IN (?1, ?2)",
        params![government, level.scope(), canonical, id.0],
    )
    .map_err(StoreError::sql("记录部门别名"))?;
    Ok(())
}

fn create(tx: &Transaction<'_>, government: &str, name: &str, now: &str) -> Result<DepartmentId> {
    tx.execute(
        "INSERT INTO departments (government, name, collective, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![government, name, is_collective(name), now],
    )
    .map_err(StoreError::sql(format!("新建部门「{name}」")))?;
    let id = DepartmentId(tx.last_insert_rowid());
    add_import_alias(tx, government, &aliases::key(name), name, id)?;
    Ok(id)
}

/// Finds a department by any spelling: the exact key first, then the
/// 市-qualified key (so "财政局" finds 市财政局).
pub(super) fn find(conn: &Connection, government: Option<&str>, name: &str) -> Result<(String, DepartmentId)> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT a.government, COALESCE(d.merged_into, d.id) FROM department_aliases a
             JOIN departments d ON d.id = a.department_id
             WHERE a.alias_key = ?1 AND (?2 IS NULL OR a.government = ?2)",
        )
        .map_err(StoreError::sql("查找部门"))?;
    let keys = [aliases::key(name), aliases::key(&aliases::qualify(name, Level::City))];
    for key in keys {
        let found = stmt
            .query_map(params![key, government], |r| Ok((r.get::<_, String>(0)?, DepartmentId(r.get(1)?))))
            .map_err(StoreError::sql("查找部门"))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(StoreError::sql("查找部门"))?;
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(one.clone()),
            many => return Err(StoreError::AmbiguousDepartment { name: name.to_string(), count: many.len() }),
        }
    }
    Err(StoreError::NoSuchDepartment {
        government: government.unwrap_or("任一政府").to_string(),
        name: name.to_string(),
    })
}

/// A department as listed: its aliases and how many tasks it has by role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentRow {
    /// Internal; lists and exports show departments by name.
    #[serde(skip)]
    pub id: i64,
    pub government: String,
    pub name: String,
    pub collective: bool,
    pub aliases: Vec<String>,
    pub lead: u64,
    pub coop: u64,
    pub other: u64,
}

/// What a merge changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeSummary {
    pub from: String,
    pub into: String,
    pub government: String,
    pub tasks_relinked: u64,
    pub aliases_moved: u64,
}

impl Store {
    /// Every current (not merged-away) department, optionally of one
    /// government, with aliases and task counts.
    pub fn departments(&self, government: Option<&str>) -> Result<Vec<DepartmentRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.id, d.government, d.name, d.collective,
                        (SELECT group_concat(alias, '、') FROM (SELECT a.alias FROM department_aliases a
                          WHERE a.department_id = d.id AND a.alias <> d.name ORDER BY a.alias)),
                        (SELECT count(DISTINCT task_id) FROM task_departments WHERE department_id = d.id AND role = 'lead'),
                        (SELECT count(DISTINCT task_id) FROM task_departments WHERE department_id = d.id AND role = 'coop'),
                        (SELECT count(DISTINCT task_id) FROM task_departments WHERE department_id = d.id AND role IN ('implementing', 'responsible'))
                 FROM departments d
                 WHERE d.merged_into IS NULL AND (?1 IS NULL OR d.government = ?1)
                 ORDER BY d.government, d.name",
            )
            .map_err(StoreError::sql("列出部门"))?;
        let rows = stmt
            .query_map(params![government], |r| {
                let aliases: Option<String> = r.get(4)?;
                Ok(DepartmentRow {
                    id: r.get(0)?,
                    government: r.get(1)?,
                    name: r.get(2)?,
                    collective: r.get(3)?,
                    aliases: aliases.map(|a| a.split('、').map(str::to_string).collect()).unwrap_or_default(),
                    lead: r.get(5)?,
                    coop: r.get(6)?,
                    other: r.get(7)?,
                })
            })
            .map_err(StoreError::sql("列出部门"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(StoreError::sql("列出部门"))
    }

    /// Finds a department by any of its names. Without a government, the name
    /// must be unambiguous across governments.
    pub fn find_department(&self, government: Option<&str>, name: &str) -> Result<(String, DepartmentId)> {
        find(&self.conn, government, name)
    }

    /// A department's name.
    pub fn department_name(&self, id: DepartmentId) -> Result<String> {
        self.conn
            .query_row("SELECT name FROM departments WHERE id = ?1", [id.0], |r| r.get(0))
            .map_err(StoreError::sql("读取部门名称"))
    }

    /// Declares `alias` another name of an existing department. An alias
    /// that already names another department is moved only when `replace`
    /// says so: a typo would otherwise send every later import's 市发改委
    /// to the wrong unit. Returns the department's name, and whether the
    /// alias was new.
    pub fn add_alias(
        &mut self,
        government: Option<&str>,
        department: &str,
        alias: &str,
        replace: bool,
        stamp: &Stamp,
    ) -> Result<(String, bool)> {
        let (gov, id) = self.find_department(government, department)?;
        let name = self.department_name(id)?;
        let owner: Option<i64> = self
            .conn
            .query_row(
                "SELECT COALESCE(d.merged_into, d.id) FROM department_aliases a JOIN departments d ON d.id = a.department_id
                 WHERE a.government = ?1 AND a.alias_key = ?2",
                params![gov, aliases::key(alias)],
                |r| r.get(0),
            )
            .optional()
            .map_err(StoreError::sql("查找部门别名"))?;
        match owner {
            Some(owner) if owner == id.0 => return Ok((name, false)),
            Some(owner) if !replace => {
                let owner = self.department_name(DepartmentId(owner))?;
                return Err(StoreError::AliasTaken { alias: alias.to_string(), government: gov, owner });
            }
            _ => {}
        }
        let tx = self.write("添加部门别名")?;
        tx.execute(
            "INSERT INTO department_aliases (government, alias_key, alias, department_id, source) VALUES (?1, ?2, ?3, ?4, 'user')
             ON CONFLICT (government, alias_key) DO UPDATE SET department_id = excluded.department_id, alias = excluded.alias, source = 'user'",
            params![gov, aliases::key(alias), alias, id.0],
        )
        .map_err(StoreError::sql("添加部门别名"))?;
        audit(&tx, stamp, "alias", &name, &serde_json::json!({ "government": gov, "alias": alias }))?;
        tx.commit().map_err(StoreError::sql("提交部门别名"))?;
        Ok((name, true))
    }

    /// Merges department `from` into `into`: every task link and alias of
    /// `from` moves to `into`; `from` stays on record as merged.
    pub fn merge_departments(
        &mut self,
        government: Option<&str>,
        from: &str,
        into: &str,
        stamp: &Stamp,
    ) -> Result<MergeSummary> {
        let (gov, from_id) = self.find_department(government, from)?;
        let (_, into_id) = self.find_department(Some(&gov), into)?;
        if from_id == into_id {
            return Err(StoreError::MergeIntoSelf);
        }
        let from_name = self.department_name(from_id)?;
        let into_name = self.department_name(into_id)?;
        let tx = self.write("合并部门")?;
        let tasks_relinked = tx
            .execute(
                "UPDATE task_departments SET department_id = ?2 WHERE department_id = ?1",
                params![from_id.0, into_id.0],
            )
            .map_err(StoreError::sql("改挂任务"))? as u64;
        repack_links(&tx, into_id.0)?;
        let aliases_moved = tx
            .execute(
                "UPDATE department_aliases SET department_id = ?2 WHERE department_id = ?1",
                params![from_id.0, into_id.0],
            )
            .map_err(StoreError::sql("迁移别名"))? as u64;
        tx.execute(
            "UPDATE departments SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1",
            params![from_id.0, into_id.0],
        )
        .map_err(StoreError::sql("标记已合并部门"))?;
        let summary = MergeSummary { from: from_name, into: into_name, government: gov, tasks_relinked, aliases_moved };
        audit(&tx, stamp, "merge", &summary.into, &serde_json::to_value(&summary).unwrap_or_default())?;
        tx.commit().map_err(StoreError::sql("提交部门合并"))?;
        Ok(summary)
    }
}
