//! People in a flattened table: the 分管/联系市长 column and the 牵头部门负责人
//! column run together once the PDF is flattened. Two-character names are
//! padded ("赵 俊"), and a line may hold one name of each column
//! ("符永波 洛桑吉美"). Such shared lines are the evidence: the first name is a
//! leader, the second a department head. [`Roster`] learns that evidence from
//! the whole table and then splits every row's list of names.

use crate::text::is_cjk;
use std::collections::HashMap;

/// Characters a person's name never ends with but a unit's name does.
const UNIT_ENDINGS: &str = "局委办厅府部院会司行队站所门室处心";

/// Splits a line into name tokens, joining padded two-character names:
/// "赵 俊 唐开彬" → ["赵俊", "唐开彬"]. Returns `None` unless every token is a
/// plausible name.
pub fn name_tokens(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    each_name(line, |name| out.push(name.to_string())).then_some(out)
}

/// Hands each name of the line to `f` (a padded name joined, without
/// building a string for it); false, and stops, at the first token that is
/// not part of a name. The flat-table reader asks this of every line.
fn each_name(line: &str, mut f: impl FnMut(&str)) -> bool {
    let mut raw = line.split_whitespace().peekable();
    if raw.peek().is_none() {
        return false;
    }
    while let Some(t) = raw.next() {
        let mut chars = t.chars();
        let (Some(first), None) = (chars.next(), chars.next()) else {
            if !is_name(t) {
                return false;
            }
            f(t);
            continue;
        };
        // One character: a padded two-character name with the next token.
        let mut next = raw.next().unwrap_or("").chars();
        let (Some(second), None) = (next.next(), next.next()) else { return false };
        let mut buf = [0u8; 8];
        let a = first.encode_utf8(&mut buf).len();
        let b = second.encode_utf8(&mut buf[a..]).len();
        match std::str::from_utf8(&buf[..a + b]) {
            Ok(joined) if is_name(joined) => f(joined),
            _ => return false,
        }
    }
    true
}

/// 2–4 ideographs, not starting like a unit (市…, 各…) and not ending like
/// one (…局, …委).
pub fn is_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=4).contains(&n)
        && s.chars().all(is_cjk)
        && !s.starts_with(['市', '各'])
        && !s.ends_with(|c: char| UNIT_ENDINGS.contains(c))
}

/// A line that is certainly names: two or more of them, or one padded name.
pub fn is_certain_name_line(line: &str) -> bool {
    let mut names = 0;
    each_name(line, |_| names += 1) && (names >= 2 || line.split_whitespace().nth(1).is_some())
}

/// Which column a person stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Leader,
    Officer,
}

/// What the table says about each person.
#[derive(Debug, Default)]
pub struct Roster {
    known: HashMap<String, Column>,
    conflicts: Vec<String>,
}

impl Roster {
    /// Learns from every row: `shared` are the lines that held two names
    /// (leader, head); `lists` are each row's names in printed order.
    pub fn learn<L: AsRef<[String]>>(shared: &[(String, String)], lists: &[L]) -> Roster {
        let mut r = Roster::default();
        for (leader, officer) in shared {
            r.record(leader, Column::Leader);
            r.record(officer, Column::Officer);
        }
        // Columns are printed leaders first: anyone before a known leader is
        // a leader, anyone after the last known leader is a head. Repeat until
        // nothing new is learnt.
        loop {
            let mut learnt = false;
            for list in lists.iter().map(AsRef::as_ref) {
                let Some(last_leader) = list.iter().rposition(|p| r.known.get(p) == Some(&Column::Leader)) else {
                    continue;
                };
                for (i, p) in list.iter().enumerate() {
                    if r.known.contains_key(p) {
                        continue;
                    }
                    let col = if i < last_leader { Column::Leader } else { Column::Officer };
                    r.known.insert(p.clone(), col);
                    learnt = true;
                }
            }
            if !learnt {
                break;
            }
        }
        r
    }

    fn record(&mut self, name: &str, col: Column) {
        match self.known.get(name) {
            Some(c) if *c != col => {
                if !self.conflicts.iter().any(|n| n == name) {
                    self.conflicts.push(name.to_string());
                }
            }
            _ => {
                self.known.insert(name.to_string(), col);
            }
        }
    }

    /// People the table puts in both columns.
    pub fn conflicts(&self) -> &[String] {
        &self.conflicts
    }

    pub fn column(&self, name: &str) -> Option<Column> {
        self.known.get(name).copied()
    }

    /// Splits one row's names into (leaders, heads). Leaders come first; the
    /// split falls after the last known leader. Names the table gives no
    /// evidence for are heads, and are returned as uncertain.
    pub fn split(&self, list: &[String]) -> (Vec<String>, Vec<String>, Vec<String>) {
        let cut = list.iter().rposition(|p| self.column(p) == Some(Column::Leader)).map_or(0, |i| i + 1);
        let uncertain = list.iter().filter(|p| self.column(p).is_none()).cloned().collect();
        (list[..cut].to_vec(), list[cut..].to_vec(), uncertain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn padded_names_are_joined() {
        assert_eq!(name_tokens("赵 俊 唐开彬"), Some(v(&["赵俊", "唐开彬"])));
        assert_eq!(name_tokens("米 次 旺堆多吉"), Some(v(&["米次", "旺堆多吉"])));
        assert_eq!(name_tokens("赵 俊 边 巴"), Some(v(&["赵俊", "边巴"])));
        assert_eq!(name_tokens("符永波 洛桑吉美"), Some(v(&["符永波", "洛桑吉美"])));
        assert_eq!(name_tokens("市商务局"), None);
        assert_eq!(name_tokens("加快推进 G219 墨脱至"), None);
        assert_eq!(name_tokens("赵 俊 唐"), None);
        assert!(is_certain_name_line("向 军"));
        assert!(!is_certain_name_line("展的影响"));
        assert_eq!(name_tokens("  "), None);
        assert_eq!(name_tokens("赵 唐开彬"), None, "a lone character pads only another");
        // Two names, or one padded name, are certainly names; one plain name may be text.
        assert!(is_certain_name_line("符永波 洛桑吉美") && is_certain_name_line(" 边 巴 "));
        assert!(!is_certain_name_line("符永波") && !is_certain_name_line(""));
        assert!(!is_certain_name_line("符永波 市商务局") && !is_certain_name_line("赵 俊 唐"));
    }

    #[test]
    fn roster_learns_columns_from_shared_lines_and_order() {
        let shared = vec![("符永波".to_string(), "洛桑吉美".to_string()), ("赵俊".to_string(), "普布昌菊".to_string())];
        let lists = vec![v(&["巴塔", "符永波", "赵俊", "王增旺", "陆传刚", "普布昌菊"]), v(&["谭明全"])];
        let r = Roster::learn(&shared, &lists);
        assert_eq!(r.column("巴塔"), Some(Column::Leader));
        assert_eq!(r.column("王增旺"), Some(Column::Officer));
        let (l, o, u) = r.split(&lists[0]);
        assert_eq!((l, o), (v(&["巴塔", "符永波", "赵俊"]), v(&["王增旺", "陆传刚", "普布昌菊"])));
        assert!(u.is_empty());
        let (l, o, u) = r.split(&lists[1]);
        assert_eq!((l.len(), o, u), (0, v(&["谭明全"]), v(&["谭明全"])));
    }
}
