//! A task's units and leaders as its row keeps them (migration 0006):
//! `links` is `l12,c34`, each link's role initial and department id, and
//! `leaders` is `5,7`, person ids, both in print order. Import writes them
//! with the link rows; a merge of departments repacks the tasks it moves
//! ([`repack_links`]), and `task_facts` follows by trigger; `duban check`
//! compares them with the link tables.

use super::{Result, StoreError};
use crate::model::Role;
use rusqlite::Transaction;

/// The tasks whose packed columns differ from their link rows, packed
/// again by SQL as migration 0006 first packed them.
pub(super) const MISPACKED_TASKS: &str = "SELECT t.id FROM tasks t
     WHERE t.links <> COALESCE((SELECT group_concat(substr(td.role, 1, 1) || td.department_id, ',' ORDER BY td.position)
                                FROM task_departments td WHERE td.task_id = t.id), '')
        OR t.leaders <> COALESCE((SELECT group_concat(tp.person_id, ',' ORDER BY tp.position)
                                  FROM task_people tp WHERE tp.task_id = t.id AND tp.role = 'leader'), '')
     ORDER BY t.id";

/// Packs a task's links, in print order.
pub(super) fn pack_links(links: impl IntoIterator<Item = (i64, Role)>) -> String {
    let mut out = String::new();
    for (department, role) in links {
        if !out.is_empty() {
            out.push(',');
        }
        out.push(char::from(role.initial()));
        out.push_str(&department.to_string());
    }
    out
}

/// Packs ids, in print order.
pub(super) fn pack_ids(ids: impl IntoIterator<Item = i64>) -> String {
    ids.into_iter().map(|id| id.to_string()).collect::<Vec<_>>().join(",")
}

/// Packs again the links of every task that names `department`, after a
/// merge moved links to it.
pub(super) fn repack_links(tx: &Transaction<'_>, department: i64) -> Result<()> {
    let read = || StoreError::sql("读取任务的部门");
    let mut stmt = tx
        .prepare(
            "SELECT task_id, department_id, role FROM task_departments
             WHERE task_id IN (SELECT task_id FROM task_departments WHERE department_id = ?1)
             ORDER BY task_id, position",
        )
        .map_err(read())?;
    let rows = stmt
        .query_map([department], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))
        .map_err(read())?;
    let mut links: Vec<(i64, Vec<(i64, Role)>)> = Vec::new();
    for row in rows {
        let (task, dept, role) = row.map_err(read())?;
        let role = Role::parse(&role).unwrap_or(Role::Coop);
        match links.last_mut() {
            Some((t, list)) if *t == task => list.push((dept, role)),
            _ => links.push((task, vec![(dept, role)])),
        }
    }
    let mut update =
        tx.prepare("UPDATE tasks SET links = ?2 WHERE id = ?1").map_err(StoreError::sql("更新任务的部门"))?;
    for (task, list) in links {
        update.execute(rusqlite::params![task, pack_links(list)]).map_err(StoreError::sql("更新任务的部门"))?;
    }
    Ok(())
}

/// Reads packed links back into `out` (cleared first), reusing its space
/// across a scan of many tasks. An item it cannot read is left out; `duban
/// check` names the task.
pub(super) fn unpack_links(packed: &[u8], out: &mut Vec<(i64, Role)>) {
    out.clear();
    each_item(packed, |item| {
        if let Some((&initial, id)) = item.split_first() {
            if let (Some(id), Some(role)) = (number(id), Role::from_initial(initial)) {
                out.push((id, role));
            }
        }
    });
}

/// Reads packed ids back into `out` (cleared first).
pub(super) fn unpack_ids(packed: &[u8], out: &mut Vec<i64>) {
    out.clear();
    each_item(packed, |item| out.extend(number(item)));
}

/// The items of a packed column, read as bytes: a report unpacks one or
/// two for every task of a province, so neither UTF-8 checks nor a general
/// number parser are worth their cost here.
fn each_item(packed: &[u8], mut f: impl FnMut(&[u8])) {
    let mut start = 0;
    for (i, &b) in packed.iter().enumerate() {
        if b == b',' {
            if i > start {
                f(&packed[start..i]);
            }
            start = i + 1;
        }
    }
    if packed.len() > start {
        f(&packed[start..]);
    }
}

/// A packed id: decimal digits only, as packing writes them.
fn number(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.iter().try_fold(0i64, |n, &d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SourceFile, Stamp, Store};
    use chrono::NaiveDate;

    /// 林芝 2023: leads, co-operating units and leaders.
    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let (plans, _) = crate::read::read_text(include_str!("../../data/gazettes/linzhi_2023_no1.txt"));
        let day = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
        let stamp = Stamp { on: day, at: "2023-03-01T09:00:00+08:00".into(), by: "测试".into() };
        let src = SourceFile { name: "linzhi_2023_no1.txt".into(), sha256: "0".into() };
        s.import(&[(&src, &plans[..])], &stamp, &mut |_, _| {}).unwrap();
        s
    }

    /// Every task's packed columns, by task id.
    fn packed(s: &Store) -> Vec<(i64, String, String)> {
        let mut stmt = s.conn.prepare("SELECT id, links, leaders FROM tasks ORDER BY id").unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn import_packs_what_the_link_tables_hold_and_check_finds_a_difference() {
        let s = store();
        let all = packed(&s);
        assert!(all.len() > 100);
        assert!(all.iter().any(|(_, links, _)| links.contains('c')), "co-operating units");
        assert!(all.iter().filter(|(_, _, leaders)| !leaders.is_empty()).count() > 50);
        let report = s.check().unwrap();
        assert!(report.link_mismatches.is_empty() && !report.is_damaged(), "{report:?}");

        // The first task's links, read back in Rust, are its rows in print order.
        let (task, links, _) = &all[0];
        let mut stmt = s
            .conn
            .prepare("SELECT department_id, role FROM task_departments WHERE task_id = ?1 ORDER BY position")
            .unwrap();
        let rows: Vec<(i64, String)> =
            stmt.query_map([task], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
        let mut back = Vec::new();
        unpack_links(links.as_bytes(), &mut back);
        assert_eq!(back, rows.iter().map(|(d, r)| (*d, Role::parse(r).unwrap())).collect::<Vec<_>>());

        s.conn.execute("UPDATE tasks SET leaders = '' WHERE id = ?1", [all[3].0]).unwrap();
        s.conn.execute("UPDATE tasks SET links = 'l1' WHERE id = ?1", [all[5].0]).unwrap();
        let report = s.check().unwrap();
        assert_eq!(report.link_mismatches, [all[3].0, all[5].0]);
        assert!(report.is_damaged());
    }

    #[test]
    fn links_and_ids_read_back_as_packed() {
        let links = vec![
            (12, Role::Lead),
            (3, Role::Coop),
            (12, Role::Coop),
            (450, Role::Implementing),
            (7, Role::Responsible),
        ];
        let packed = pack_links(links.iter().copied());
        assert_eq!(packed, "l12,c3,c12,i450,r7");
        let mut back = vec![(1, Role::Lead)];
        unpack_links(packed.as_bytes(), &mut back);
        assert_eq!(back, links);

        assert_eq!(pack_ids([5, 7, 5]), "5,7,5");
        let mut ids = vec![9];
        unpack_ids(b"5,7,5", &mut ids);
        assert_eq!(ids, [5, 7, 5]);
    }

    #[test]
    fn nothing_packs_to_the_empty_string_and_reads_back_as_nothing() {
        assert_eq!(pack_links([]), "");
        assert_eq!(pack_ids([]), "");
        let mut links = vec![(1, Role::Lead)];
        unpack_links(b"", &mut links);
        assert!(links.is_empty());
    }

    #[test]
    fn every_role_has_its_own_initial() {
        for role in Role::ALL {
            assert_eq!(Role::from_initial(role.initial()), Some(role));
        }
    }

    #[test]
    fn damaged_items_are_left_out() {
        let mut links = Vec::new();
        unpack_links(b"l12,x3,c,c4x,r5", &mut links);
        assert_eq!(links, [(12, Role::Lead), (5, Role::Responsible)]);
        unpack_links(b",,i7,,c-3,c+3,l99999999999999999999,", &mut links);
        assert_eq!(links, [(7, Role::Implementing)]);
        let mut ids = vec![1];
        unpack_ids(b"5,,7x,-2,12,", &mut ids);
        assert_eq!(ids, [5, 12]);
    }
}
