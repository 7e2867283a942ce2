//! Every command is documented: it has help text and appears in the README.

use crate::util::Env;

/// The subcommands `duban --help` lists.
fn commands(env: &Env) -> Vec<String> {
    let help = env.duban(&["--help"]).ok().stdout;
    let section = help.split("命令：").nth(1).expect("a 命令 section");
    section
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_command_has_help_and_is_in_the_readme() {
    let env = Env::new();
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let cmds = commands(&env);
    assert!(cmds.len() >= 6, "{cmds:?}");
    for c in &cmds {
        let help = env.duban(&[c.as_str(), "--help"]).ok().stdout;
        assert!(
            help.lines().next().is_some_and(|l| l.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))),
            "{c}: {help}"
        );
        assert!(readme.contains(&format!("duban {c}")), "README does not show `duban {c}`");
    }
    assert!(readme.contains("cargo test"));
}
