//! Issue 7: the quantitative targets of seed 000 (林政办发〔2020〕34号) —
//! the target decomposition table and the progress statistics table — read,
//! repaired and stored number for number against a fixture worked out by
//! hand (tests/fixtures/linzhi_2020_indicators.notes.md says how), then
//! tracked: figures from the command line and from a sheet, the report with
//! 序时进度 and lights, exports and the department report.

use crate::util::{gazette, read_seed, snapshot, Env, Run};
use duban::indicator::{Breakdown, IndicatorSet, LineKind};
use duban::read::Severity;
use serde_json::Value;
use std::path::Path;

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/linzhi_2020_indicators.expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn seed_set() -> (duban::model::Plan, Vec<duban::read::Diagnostic>) {
    let g = read_seed("linzhi_2020_no3.txt");
    let plan = g.plans.into_iter().find(|p| p.meta.title.contains("目标任务分解表")).expect("the indicator plan");
    (plan, g.diagnostics)
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn targets(set: &IndicatorSet, line: &duban::indicator::TargetLine) -> Vec<(String, f64)> {
    line.targets.iter().map(|(i, t)| (set.indicators[*i].name.clone(), *t)).collect()
}

#[test]
fn the_plan_is_the_decomposition_table_of_the_34_notice() {
    let (plan, _) = seed_set();
    let f = fixture();
    assert_eq!(plan.meta.title, f["plan"]["title"]);
    assert_eq!(plan.meta.doc_no.as_deref(), f["plan"]["doc_no"].as_str());
    assert_eq!(plan.meta.period_start.unwrap().to_string(), f["plan"]["period"][0]);
    assert_eq!(plan.meta.period_end.unwrap().to_string(), f["plan"]["period"][1]);
    assert!(plan.tasks.is_empty());
    let names: Vec<Value> = plan.indicators.indicators.iter().map(|i| serde_json::json!([i.name, i.measure])).collect();
    assert_eq!(Value::from(names), f["indicators"]);
}

#[test]
fn every_row_of_the_target_table_as_repaired() {
    let (plan, _) = seed_set();
    let set = &plan.indicators;
    let f = fixture();
    let industries: Vec<Value> = set
        .industries
        .iter()
        .map(|i| serde_json::json!({"seq": i.seq, "name": i.name, "lead": i.lead, "line": i.line}))
        .collect();
    let expected: Vec<Value> = f["industries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| serde_json::json!({"seq": i["seq"], "name": i["name"], "lead": i["lead"], "line": i["line"]}))
        .collect();
    assert_eq!(industries, expected);

    let rows: Vec<_> =
        set.lines.iter().filter(|l| l.breakdown == Breakdown::Industry && l.kind == LineKind::Unit).collect();
    let want = f["industry_rows"].as_array().unwrap();
    assert_eq!(rows.len(), want.len());
    let names = ["转移就业人数", "转移就业人次", "转移就业收入"];
    for (got, w) in rows.iter().zip(want) {
        let line = w[0].as_u64().unwrap() as usize;
        assert_eq!(got.line, line);
        assert_eq!(set.industries[got.industry.unwrap()].seq, w[1], "line {line}");
        assert_eq!(got.category, opt(&w[2]), "category, line {line}");
        assert_eq!(got.post, opt(&w[3]), "post, line {line}");
        assert_eq!(got.holder, opt(&w[4]), "unit cell, line {line}");
        let units: Vec<String> = serde_json::from_value(w[5].clone()).unwrap();
        assert_eq!(got.units, units, "units, line {line}");
        let expected: Vec<(String, f64)> =
            names.iter().map(|n| n.to_string()).zip([&w[6], &w[7], &w[8]].map(|v| v.as_f64().unwrap())).collect();
        assert_eq!(targets(set, got), expected, "targets, line {line}");
    }
}

#[test]
fn subtotals_and_the_total_as_printed_and_as_summed() {
    let (plan, _) = seed_set();
    let set = &plan.indicators;
    let f = fixture();
    let subtotals: Vec<_> =
        set.lines.iter().filter(|l| l.breakdown == Breakdown::Industry && l.kind == LineKind::Subtotal).collect();
    for (k, ind) in f["industries"].as_array().unwrap().iter().enumerate() {
        let printed: Vec<f64> = subtotals[k].targets.iter().map(|t| t.1).collect();
        assert_eq!(printed, nums(&ind["subtotal"]), "小计 of industry {}", ind["seq"]);
        assert_eq!(subtotals[k].line as u64, ind["subtotal_line"].as_u64().unwrap());
        let rows: Vec<_> = set.lines.iter().filter(|l| l.kind == LineKind::Unit && l.industry == Some(k)).collect();
        let sums: Vec<f64> = (0..3).map(|i| rows.iter().map(|r| r.targets[i].1).sum()).collect();
        let want = &f["industry_sums"][k];
        assert_eq!(sums, nums(&want[1]), "rows of industry {}", want[0]);
    }
    // 合计 = sum of the 小计, as printed: 35000 / 70000 / 30000.
    let total = set.lines.iter().find(|l| l.breakdown == Breakdown::Industry && l.kind == LineKind::Total).unwrap();
    let printed: Vec<f64> = total.targets.iter().map(|t| t.1).collect();
    assert_eq!(printed, nums(&f["total"]["targets"]));
    let of_subtotals: Vec<f64> = (0..3).map(|i| subtotals.iter().map(|s| s.targets[i].1).sum()).collect();
    assert_eq!(of_subtotals, printed);
}

#[test]
fn every_number_of_the_progress_table_and_its_printed_ratios() {
    let (plan, _) = seed_set();
    let set = &plan.indicators;
    let f = fixture();
    assert_eq!(set.figures_as_of.unwrap().to_string(), f["county"]["as_of"]);
    let county: Vec<(usize, &duban::indicator::TargetLine)> =
        set.lines.iter().enumerate().filter(|(_, l)| l.breakdown == Breakdown::County).collect();
    let mut want: Vec<Value> = f["county"]["rows"].as_array().unwrap().clone();
    want.push(f["county"]["total"].clone());
    assert_eq!(county.len(), want.len());
    let ind_names: Vec<&str> = f["indicators"].as_array().unwrap().iter().map(|i| i[0].as_str().unwrap()).collect();
    for ((index, line), w) in county.iter().zip(&want) {
        assert_eq!(line.line as u64, w[0].as_u64().unwrap());
        assert_eq!(line.holder.as_deref(), if w[1] == "合计" { None } else { w[1].as_str() });
        assert_eq!(line.units.first().map(String::as_str), w[2].as_str());
        for (k, cell) in w[3].as_array().unwrap().iter().enumerate() {
            let target = line.targets.iter().find(|t| set.indicators[t.0].name == ind_names[k]);
            let figure =
                set.figures.iter().find(|x| x.line == *index && set.indicators[x.indicator].name == ind_names[k]);
            if cell.is_null() {
                assert!(target.is_none() && figure.is_none(), "{} has no {}", w[1], ind_names[k]);
                continue;
            }
            let (t, done, printed) = (cell[0].as_f64().unwrap(), cell[1].as_f64().unwrap(), cell[2].as_str().unwrap());
            assert_eq!(target.unwrap().1, t, "{} {} target", w[1], ind_names[k]);
            let figure = figure.unwrap();
            assert_eq!(figure.value, done, "{} {} done", w[1], ind_names[k]);
            assert_eq!(figure.printed_ratio.as_deref(), Some(printed));
            // The seed rounds half up to a whole percent, every time.
            assert_eq!(
                duban::indicator::percent(done, t).map(|p| format!("{p}%")).as_deref(),
                Some(printed),
                "{} {}",
                w[1],
                ind_names[k]
            );
        }
    }
}

#[test]
fn the_repairs_and_doubts_are_listed_with_their_lines() {
    let (_, diags) = seed_set();
    let ours: Vec<_> = diags.iter().filter(|d| (460..=560).contains(&d.line)).collect();
    let f = fixture();
    let want = f["diagnostics"].as_array().unwrap();
    let got: Vec<(usize, &str, &str)> = ours
        .iter()
        .map(|d| {
            let sev = match d.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            (d.line, sev, d.message.as_str())
        })
        .collect();
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0 as u64, g.1), (w[0].as_u64().unwrap(), w[1].as_str().unwrap()), "{g:?}");
        assert!(g.2.contains(w[2].as_str().unwrap()), "line {}: «{}» lacks «{}»", g.0, g.2, w[2]);
    }
    assert!(
        !diags.iter().any(|d| d.message.contains("农牧民转移就业") && d.message.contains("没有找到它的任务")),
        "a plan of numbers is not a plan without tasks"
    );
}

/// A database with the seed imported.
fn imported() -> Env {
    let env = Env::new();
    let r = env.duban(&["import".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()]).ok();
    assert!(
        r.stdout.contains("已导入（方案编号 1）《2020年林芝市行业部门农牧民转移就业目标任务分解表》（林政办发〔2020〕34号，林芝市）：0 项任务，6 项指标、59 行分解目标"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("    完成数：50 个（截至 2020-05-08）"), "{}", r.stdout);
    env
}

fn report(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut a = vec!["indicators", "--format", "json"];
    a.extend_from_slice(args);
    env.duban(&a).ok().json().as_array().unwrap().clone()
}

fn find<'a>(rows: &'a [Value], indicator: &str, unit: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["indicator"] == indicator && r["unit"] == unit)
        .unwrap_or_else(|| panic!("no row {indicator} {unit}"))
}

#[test]
fn stored_figures_reproduce_the_seed_table() {
    let env = imported();
    let rows = report(&env, &["--as-of", "2020-05-08"]);
    let f = fixture();
    let ind_names: Vec<&str> = f["indicators"].as_array().unwrap().iter().map(|i| i[0].as_str().unwrap()).collect();
    let mut want: Vec<Value> = f["county"]["rows"].as_array().unwrap().clone();
    want.push(f["county"]["total"].clone());
    for w in &want {
        for (k, cell) in w[3].as_array().unwrap().iter().enumerate().filter(|(_, c)| !c.is_null()) {
            let r = rows
                .iter()
                .find(|r| r["breakdown"] == "county" && r["indicator"] == ind_names[k] && r["unit"] == w[1])
                .unwrap_or_else(|| panic!("{} {}", w[1], ind_names[k]));
            assert_eq!(r["target"].as_f64(), cell[0].as_f64());
            assert_eq!(r["actual"].as_f64(), cell[1].as_f64());
            assert_eq!(format!("{}%", r["ratio"]), cell[2].as_str().unwrap(), "{} {}", w[1], ind_names[k]);
            assert_eq!(r["actual_as_of"], "2020-05-08");
        }
    }
    // Every unit row of the target table, and the 小计 and 合计 computed from them.
    for w in f["industry_rows"].as_array().unwrap() {
        let r = rows
            .iter()
            .find(|r| {
                r["kind"] == "unit"
                    && r["indicator"] == "转移就业人数"
                    && r["category"] == w[2]
                    && r["industry"].as_str().unwrap().starts_with(&format!("{} ", w[1].as_str().unwrap()))
                    && (w[4].is_null() || r["unit"].as_str().unwrap().starts_with(w[4].as_str().unwrap()))
            })
            .unwrap_or_else(|| panic!("row of line {}", w[0]));
        assert_eq!(r["target"].as_f64(), w[6].as_f64(), "line {}", w[0]);
    }
    let subtotals: Vec<f64> = rows
        .iter()
        .filter(|r| r["kind"] == "subtotal" && r["indicator"] == "转移就业人数")
        .map(|r| r["target"].as_f64().unwrap())
        .collect();
    let sums: Vec<f64> = f["industry_sums"].as_array().unwrap().iter().map(|s| s[1][0].as_f64().unwrap()).collect();
    assert_eq!(subtotals, sums);
    let totals: Vec<f64> = rows
        .iter()
        .filter(|r| r["kind"] == "total" && r["breakdown"] == "industry")
        .map(|r| r["target"].as_f64().unwrap())
        .collect();
    assert_eq!(totals, nums(&f["rows_total"]), "the report's 合计 adds its rows");

    // The printed 小计 and 合计 are kept as printed, for the record.
    let store = duban::store::Store::open(&env.db).unwrap();
    let day = "2020-05-08".parse().unwrap();
    let printed = store.printed_totals(day, &duban::store::IndicatorFilter::default()).unwrap();
    let persons: Vec<f64> = printed
        .iter()
        .filter(|r| r.indicator == "转移就业人数" && r.breakdown == Breakdown::Industry)
        .map(|r| r.target)
        .collect();
    assert_eq!(persons, [8772.0, 7900.0, 6716.0, 1400.0, 4022.0, 604.0, 5586.0, 35000.0]);
    let county_total =
        printed.iter().find(|r| r.indicator == "转移就业人数" && r.breakdown == Breakdown::County).unwrap();
    assert_eq!((county_total.target, county_total.actual), (35000.0, Some(8535.0)));
}

#[test]
fn units_link_to_the_same_departments_as_tasks() {
    let env = imported();
    let rows = report(&env, &["--as-of", "2020-05-08"]);
    let dept = |ind: &str, unit: &str| find(&rows, ind, unit)["department"].clone();
    assert_eq!(dept("转移就业人数", "巴宜区"), "巴宜区人民政府");
    assert_eq!(dept("转移就业培训人数", "市直"), "市直各单位");
    assert_eq!(dept("转移就业人数", "住建局"), "市住房和城乡建设局");
    assert_eq!(dept("转移就业人数", "县、区人民政府"), "各县（区）人民政府", "the same collective unit as in tasks");
    assert_eq!(dept("转移就业人数", "教育局（体育局）"), "市教育局", "a second hat is its department");
    // No unit printed: the industry's lead answers, and says so.
    let civil = rows.iter().find(|r| r["category"] == "民航项目" && r["indicator"] == "转移就业人数").unwrap();
    assert_eq!(
        (civil["unit"].as_str(), civil["department"].as_str()),
        (Some("（未写单位，由牵头单位负责）"), Some("市发展改革委"))
    );
    // The departments list knows the county by its bare name too.
    let list = env.duban(&["departments", "--format", "json"]).ok().json();
    let baiyi = list.as_array().unwrap().iter().find(|d| d["name"] == "巴宜区人民政府").unwrap();
    assert!(baiyi["aliases"].as_array().unwrap().iter().any(|a| a == "巴宜区"));
}

#[test]
fn lights_against_the_time_elapsed_on_days_worked_by_hand() {
    let env = imported();
    // 2020-05-08: day 128 of 365, 序时进度 35%.
    let rows = report(&env, &["--as-of", "2020-05-08"]);
    let light = |ind: &str, unit: &str| {
        let r = find(&rows, ind, unit);
        (r["ratio"].as_i64().unwrap(), r["elapsed"].as_i64().unwrap(), r["light"].as_str().unwrap().to_string())
    };
    assert_eq!(light("转移就业人数", "巴宜区"), (46, 35, "green".into()), "ahead of time");
    assert_eq!(light("转移就业人数", "工布江达县"), (19, 35, "yellow".into()), "16 points behind");
    assert_eq!(light("转移就业人数", "米林县"), (27, 35, "green".into()), "7.8 points behind");
    assert_eq!(light("转移就业培训人数", "米林县"), (3, 35, "red".into()), "32 points behind");
    assert_eq!(light("转移就业培训人数", "察隅县"), (140, 35, "green".into()));
    let total = rows
        .iter()
        .find(|r| r["kind"] == "total" && r["breakdown"] == "county" && r["indicator"] == "转移就业人数")
        .unwrap();
    assert_eq!((total["ratio"].as_i64(), total["light"].as_str()), (Some(24), Some("yellow")));
    // 2020-03-01: the statistics (dated 5月8日) are not yet known; 16% elapsed.
    let early = report(&env, &["--as-of", "2020-03-01"]);
    let r = find(&early, "转移就业人数", "巴宜区");
    assert_eq!((r["actual"].is_null(), r["elapsed"].as_i64(), r["light"].as_str()), (true, Some(16), Some("yellow")));
    // 2021-01-05: the year is over; short of target is red, reached is green.
    let late = report(&env, &["--as-of", "2021-01-05"]);
    assert_eq!(find(&late, "转移就业人数", "巴宜区")["light"], "red");
    assert_eq!(find(&late, "转移就业培训人数", "察隅县")["light"], "green");
}

fn on(env: &Env, day: &str, args: &[&str]) -> Run {
    let mut a = vec!["--today", day];
    a.extend_from_slice(args);
    env.duban(&a)
}

#[test]
fn a_figure_from_the_command_line_is_seen_from_its_date_on() {
    let env = imported();
    let r = on(&env, "2020-07-02", &["actual", "转移就业人数", "巴宜区", "3000", "--date", "2020-06-30"]).ok();
    assert!(r.stdout.contains("已记录：巴宜区 转移就业人数 截至 2020-06-30 完成 3000"), "{}", r.stdout);
    // 2020-06-30 is day 181 of 365: 50% elapsed; 3000/4450 = 67%.
    let r30 = report(&env, &["--as-of", "2020-07-02"]);
    let b = find(&r30, "转移就业人数", "巴宜区");
    assert_eq!(
        (b["actual"].as_f64(), b["ratio"].as_i64(), b["light"].as_str()),
        (Some(3000.0), Some(67), Some("green"))
    );
    let total = r30
        .iter()
        .find(|r| r["kind"] == "total" && r["breakdown"] == "county" && r["indicator"] == "转移就业人数")
        .unwrap();
    assert_eq!(total["actual"].as_f64(), Some(8535.0 - 2066.0 + 3000.0), "the 合计 follows its rows");
    // Before its date the old figure stands.
    assert_eq!(
        find(&report(&env, &["--as-of", "2020-06-29"]), "转移就业人数", "巴宜区")["actual"].as_f64(),
        Some(2066.0)
    );

    // 住建局 has targets in three industries: it must say which.
    let r = on(&env, "2020-07-02", &["actual", "转移就业人数", "住建局", "10"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("有多行目标") && r.stderr.contains("--industry"), "{}", r.stderr);
    on(&env, "2020-07-02", &["actual", "转移就业人数", "住建局", "300", "--industry", "2", "--date", "2020-06-30"])
        .ok();
    let rows = report(&env, &["--as-of", "2020-07-02", "--department", "住建局"]);
    let ind2 = rows
        .iter()
        .find(|r| {
            r["indicator"] == "转移就业人数"
                && r["unit"] == "住建局"
                && r["industry"].as_str().unwrap().starts_with("2 ")
        })
        .unwrap();
    assert_eq!(ind2["actual"].as_f64(), Some(300.0));
    // It leads industry 2, so it sees that industry's 小计 and no 合计.
    assert!(rows.iter().any(|r| r["kind"] == "subtotal" && r["industry"].as_str().unwrap().starts_with("2 ")));
    assert!(rows.iter().all(|r| r["kind"] != "total"));

    let r = on(&env, "2020-07-02", &["actual", "转移就业人数", "拉萨市财政局", "1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有找到部门「拉萨市财政局」"), "{}", r.stderr);
    let r = on(&env, "2020-07-02", &["actual", "转移就业人数", "巴宜区", "-5"]);
    assert_ne!(r.code, 0);
    let r = on(&env, "2020-07-02", &["actual", "转移就业人数", "巴宜区", "三千"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("完成数「三千」不是非负数"), "{}", r.stderr);
    // Thousands separators, as figures are printed, are read.
    let r = on(&env, "2020-07-02", &["actual", "转移就业人数", "巴宜区", "3,100"]).ok();
    assert!(r.stdout.contains("完成 3100"), "{}", r.stdout);
}

#[test]
fn a_sheet_of_figures_loads_whole_or_not_at_all() {
    let env = imported();
    let good = env.path("6月完成数.csv");
    std::fs::write(
        &good,
        "\u{feff}指标,单位,完成,日期,行业\n转移就业人数,米林县,2400,2020-06-30,\n转移就业人次,米林县,3100,2020-06-30,\n转移就业人数,住建局,250,2020-06-30,2\n",
    )
    .unwrap();
    let r = on(&env, "2020-07-02", &["load-actuals", good.to_str().unwrap()]).ok();
    assert!(r.stdout.contains("已导入 3 个完成数"), "{}", r.stdout);
    let rows = report(&env, &["--as-of", "2020-07-02"]);
    assert_eq!(find(&rows, "转移就业人数", "米林县")["actual"].as_f64(), Some(2400.0));

    let bad = env.path("坏表.csv");
    std::fs::write(&bad, "指标,单位,完成,日期\n转移就业人数,朗县,900,2020-06-30\n转移就业人数,朗县,很多,2020-06-30\n转移就业收入,火星县,5,2020-06-30\n").unwrap();
    let before = snapshot(&env.db);
    let r = on(&env, "2020-07-02", &["load-actuals", bad.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("有 2 处问题，一条也没有导入"), "{}", r.stderr);
    assert!(r.stderr.contains("第 3 行：「完成」一栏的「很多」不是非负数"), "{}", r.stderr);
    assert!(r.stderr.contains("第 4 行：没有找到部门「火星县」"), "{}", r.stderr);
    assert_eq!(snapshot(&env.db), before, "database untouched");
    assert_eq!(find(&report(&env, &["--as-of", "2020-07-02"]), "转移就业人数", "朗县")["actual"].as_f64(), Some(464.0));
}

#[test]
fn exports_carry_the_report() {
    use calamine::{open_workbook, Reader, Xlsx};
    let env = imported();
    let csv = env.duban(&["export", "indicators", "--as-of", "2020-05-08"]).ok().stdout;
    assert!(
        csv.starts_with(
            "\u{feff}编号,方案,指标,分解,行业,类别,单位,负责单位,目标,完成,完成比例,序时进度,亮灯,数据截至"
        ),
        "{csv}"
    );
    assert!(csv.contains(",林政办发〔2020〕34号,转移就业人数（人）,县（区）,,,巴宜区,巴宜区人民政府,4450,2066,46%,35%,绿灯,2020-05-08"), "{csv}");
    assert!(
        csv.contains(",林政办发〔2020〕34号,转移就业人数（人）,县（区）,,,合计,,35000,8535,24%,35%,黄灯,2020-05-08"),
        "{csv}"
    );
    let path = env.path("台账.xlsx");
    env.duban(&["export", "xlsx", "--as-of", "2020-05-08", "-o", path.to_str().unwrap()]).ok();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = wb.worksheet_range("指标").unwrap();
    let rows = report(&env, &["--as-of", "2020-05-08"]);
    assert_eq!(sheet.height(), 1 + rows.len());
    let baiyi = (1..sheet.height())
        .find(|&r| *sheet.get((r, 6)).unwrap() == calamine::Data::String("巴宜区".into()))
        .expect("巴宜区 row");
    assert_eq!(sheet.get((baiyi, 8)), Some(&calamine::Data::Float(4450.0)), "targets are numbers");
    assert_eq!(sheet.get((baiyi, 9)), Some(&calamine::Data::Float(2066.0)));
    assert_eq!(sheet.get((baiyi, 10)).unwrap().to_string(), "46%");
}

#[test]
fn a_department_report_lists_its_indicators() {
    let env = imported();
    let md = env.duban(&["report", "巴宜区", "--as-of", "2020-05-08", "--format", "md"]).ok().stdout;
    assert!(md.contains("## 指标完成情况（6 行）"), "{md}");
    assert!(md.contains("| 转移就业人数（人） |  | 巴宜区 | 4450 | 2066 | 46% | 35% | 绿灯 |"), "{md}");
    assert!(md.contains("| 建档立卡贫困户培训人数（人） |  | 巴宜区 | 300 | 10 | 3% | 35% | 红灯 |"), "{md}");
    // A year's report holds that year's plans only, and says which year.
    let of_2020 = env.duban(&["report", "巴宜区", "--as-of", "2020-05-08", "--format", "md", "--year", "2020"]).ok();
    assert!(
        of_2020.stdout.contains("2020年督办任务落实情况") && of_2020.stdout.contains("（6 行）"),
        "{}",
        of_2020.stdout
    );
    let of_2023 = env.duban(&["report", "巴宜区", "--as-of", "2020-05-08", "--format", "md", "--year", "2023"]).ok();
    assert!(of_2023.stdout.contains("2023年督办任务落实情况"), "{}", of_2023.stdout);
    assert!(!of_2023.stdout.contains("转移就业人数"), "{}", of_2023.stdout);
    let html = env.duban(&["report", "市商务局", "--as-of", "2020-05-08"]).ok().stdout;
    assert!(html.contains("<h2>指标完成情况"), "{html}");
    assert!(html.contains("6 电商物流带动就业 / 快递物流"), "rows it answers for as lead: {html}");
}

#[test]
fn figures_are_append_only_and_plans_count_indicators() {
    let env = imported();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let update = conn.execute("UPDATE indicator_actuals SET value = 1", []).unwrap_err();
    assert!(update.to_string().contains("指标完成数只能追加，不能修改"), "{update}");
    let delete = conn.execute("DELETE FROM indicator_actuals", []).unwrap_err();
    assert!(delete.to_string().contains("指标完成数只能追加，不能删除"), "{delete}");
    let plans = env.duban(&["plans", "--format", "json"]).ok().json();
    assert_eq!((&plans[0]["tasks"], &plans[0]["indicators"]), (&Value::from(0), &Value::from(6)));
    // Importing the file again adds nothing, numbers included.
    let again = env.duban(&["import".as_ref(), "--json".as_ref(), gazette("linzhi_2020_no3.txt").as_os_str()]).ok();
    assert_eq!(again.json()["plans"][0]["outcome"], "already_present");
    // 3 × (51 rows + 7 小计 + 合计) by industry; 4 × (7 counties + 合计) and
    // 2 × (市直 + 7 counties + 合计) by county: 177 + 50.
    assert_eq!(report(&env, &["--as-of", "2020-05-08"]).len(), 227);
    // The plan is of 2020: a year narrows to its plans' rows.
    assert_eq!(report(&env, &["--as-of", "2020-05-08", "--year", "2020"]).len(), 227);
    assert!(report(&env, &["--as-of", "2020-05-08", "--year", "2021"]).is_empty());
}
