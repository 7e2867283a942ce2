//! Plan queries: listing plans with their reporting schedules, and finding a
//! plan from what a clerk types (its id, 文号 or part of its title).

use super::{Result, Store, StoreError};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// One reporting date of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleRow {
    pub period: String,
    pub label: String,
    pub due: String,
}

/// A plan as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanRow {
    pub id: i64,
    pub government: String,
    pub title: String,
    pub doc_no: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<String>,
    pub year: Option<i32>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub format: String,
    pub source_name: String,
    pub source_sha256: String,
    pub tasks: u64,
    /// Indicators the plan sets targets for.
    pub indicators: u64,
    pub schedule: Vec<ScheduleRow>,
}

impl Store {
    /// Every plan, oldest import first.
    pub fn plans(&self) -> Result<Vec<PlanRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT p.id, p.government, p.title, p.doc_no, p.issuer, p.issued, p.year, p.period_start, p.period_end,
                        p.format, p.source_name, p.source_sha256, (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id),
                        (SELECT count(*) FROM indicators i WHERE i.plan_id = p.id)
                 FROM plans p ORDER BY p.id",
            )
            .map_err(StoreError::sql("列出方案"))?;
        let mut plans = stmt
            .query_map([], |r| {
                Ok(PlanRow {
                    id: r.get(0)?,
                    government: r.get(1)?,
                    title: r.get(2)?,
                    doc_no: r.get(3)?,
                    issuer: r.get(4)?,
                    issued: r.get(5)?,
                    year: r.get(6)?,
                    period_start: r.get(7)?,
                    period_end: r.get(8)?,
                    format: r.get(9)?,
                    source_name: r.get(10)?,
                    source_sha256: r.get(11)?,
                    tasks: r.get(12)?,
                    indicators: r.get(13)?,
                    schedule: Vec::new(),
                })
            })
            .map_err(StoreError::sql("列出方案"))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(StoreError::sql("列出方案"))?;
        let mut sched = self
            .conn
            .prepare("SELECT period, label, due FROM plan_schedule WHERE plan_id = ?1 ORDER BY due")
            .map_err(StoreError::sql("读取报送时间"))?;
        for p in &mut plans {
            p.schedule = sched
                .query_map([p.id], |r| Ok(ScheduleRow { period: r.get(0)?, label: r.get(1)?, due: r.get(2)? }))
                .map_err(StoreError::sql("读取报送时间"))?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(StoreError::sql("读取报送时间"))?;
        }
        Ok(plans)
    }

    /// Plans matching what a clerk typed: an id, else a 文号, else part of
    /// a title. The closest kind of match wins, so `2` means plan 2 even
    /// though titles full of years contain a 2; and a number is only ever
    /// an id, so once plan 3 is removed `3` finds nothing rather than the
    /// plan of 2023.
    pub fn find_plans(&self, query: &str) -> Result<Vec<i64>> {
        let q = query.trim();
        if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) {
            let id = self
                .conn
                .query_row("SELECT id FROM plans WHERE CAST(id AS TEXT) = ?1", [q], |r| r.get(0))
                .optional()
                .map_err(StoreError::sql("查找方案"))?;
            return Ok(id.into_iter().collect());
        }
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, CASE WHEN CAST(id AS TEXT) = ?1 THEN 0
                                 WHEN replace(doc_no, ' ', '') = replace(?1, ' ', '') THEN 1 ELSE 2 END AS closeness
                 FROM plans WHERE CAST(id AS TEXT) = ?1 OR replace(doc_no, ' ', '') = replace(?1, ' ', '')
                   OR instr(title, ?1) > 0
                 ORDER BY closeness, id",
            )
            .map_err(StoreError::sql("查找方案"))?;
        let found = stmt
            .query_map(params![q], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(StoreError::sql("查找方案"))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(StoreError::sql("查找方案"))?;
        let closest = found.first().map(|(_, c)| *c);
        Ok(found.into_iter().filter(|(_, c)| Some(*c) == closest).map(|(id, _)| id).collect())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::store::{SourceFile, Stamp, Store};
    use chrono::NaiveDate;

    /// A store of the 2024 拉萨 plans and the 2020 林芝 plans.
    pub(in crate::store) fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let stamp = Stamp {
            on: NaiveDate::from_ymd_opt(2024, 1, 10).unwrap(),
            at: "2024-01-10T09:00:00+08:00".into(),
            by: "测试".into(),
        };
        for (name, text) in [
            ("lasa_2024.txt", include_str!("../../data/gazettes/lasa_2024.txt")),
            ("linzhi_2020_no3.txt", include_str!("../../data/gazettes/linzhi_2020_no3.txt")),
        ] {
            let (plans, _) = crate::read::read_text(text);
            s.import(&[(&SourceFile { name: name.into(), sha256: name.into() }, &plans[..])], &stamp, &mut |_, _| {})
                .unwrap();
        }
        s
    }

    #[test]
    fn an_id_wins_over_titles_that_contain_its_digits() {
        let s = store();
        let titles: Vec<(i64, String)> = s.plans().unwrap().into_iter().map(|p| (p.id, p.title)).collect();
        assert!(titles.iter().filter(|(_, t)| t.contains('2')).count() > 1, "{titles:?}");
        for (id, _) in &titles {
            assert_eq!(s.find_plans(&id.to_string()).unwrap(), vec![*id]);
        }
    }

    #[test]
    fn a_doc_no_wins_over_titles_and_words_find_every_plan_they_name() {
        let s = store();
        assert_eq!(s.find_plans(" 拉政办发〔2024〕34号 ").unwrap(), vec![2]);
        assert_eq!(s.find_plans("拉萨市").unwrap(), vec![1, 2, 3]);
        assert_eq!(s.find_plans("养老服务").unwrap(), vec![4]);
        assert!(s.find_plans("没有这个方案").unwrap().is_empty());
        // A number is an id or nothing, though titles are full of digits.
        assert!(s.find_plans("2024").unwrap().is_empty());
        assert!(s.find_plans("99").unwrap().is_empty());
    }
}
