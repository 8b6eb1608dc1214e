//! The shape of the code, as docs/architecture.md draws it: the data flows one
//! way (load -> model -> validate -> render -> write, the engine driving them
//! and the commands driving the engine), so no two top-level modules of
//! `src/` import each other, directly or through others, and neither do two
//! files of one folder. Imports inside `#[cfg(test)]` blocks do not count
//! (tests may reach anywhere), nor do a folder's `mod.rs` and its own files
//! (the parent declares and re-exports its children).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::repo;

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// The lines of a file that are code outside `#[cfg(test)]` items, with
/// their numbers; comments are cut off.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if t.starts_with("#[cfg(") && t.contains("test") && !t.contains("not(test") {
            // Skip the item that follows: to the end of its braces.
            let mut depth = 0i32;
            let mut opened = false;
            i += 1;
            while i < lines.len() {
                for c in lines[i].chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                let ends =
                    (opened && depth <= 0) || (!opened && lines[i].trim_end().ends_with(';'));
                i += 1;
                if ends {
                    break;
                }
            }
            continue;
        }
        let code = match lines[i].find("//") {
            Some(at) if !lines[i][..at].contains('"') => &lines[i][..at],
            _ => lines[i],
        };
        if !t.starts_with("//") {
            out.push((i + 1, code.to_string()));
        }
        i += 1;
    }
    out
}

/// The module paths a line names: `crate::a::b` -> ["crate", "a", "b"],
/// `crate::a::{b, c::D}` -> both, and `super::x` -> ["super", "x"].
fn paths_in(line: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        let mut at = 0;
        while let Some(i) = line[at..].find(start) {
            let begin = at + i;
            at = begin + start.len();
            let before = line[..begin].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let head = vec![start.trim_end_matches("::").to_string()];
            expand(head, &line[at..], &mut out);
        }
    }
    out
}

/// The paths `rest` continues `head` with (a name, `a::b`, or a `{...}` group).
fn expand(mut head: Vec<String>, rest: &str, out: &mut Vec<Vec<String>>) {
    let mut rest = rest.trim_start();
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            // The group up to its matching brace, split at top-level commas.
            let mut depth = 1;
            let mut end = group.len();
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let inner = &group[..end];
            let mut item = String::new();
            let mut d = 0;
            for c in inner.chars().chain([',']) {
                match c {
                    '{' => d += 1,
                    '}' => d -= 1,
                    ',' if d == 0 => {
                        let it = item.trim();
                        if !it.is_empty() && it != "self" && it != "*" {
                            expand(head.clone(), it, out);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            return;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            break;
        }
        head.push(name.clone());
        rest = &rest[name.len()..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    if head.len() > 1 {
        out.push(head);
    }
}

/// A graph's cycles (strongly connected components of more than one node).
fn cycles(edges: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges
        .keys()
        .chain(edges.values().flat_map(|m| m.keys()))
        .collect();
    let reaches = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for next in edges.get(&n).into_iter().flat_map(|m| m.keys()) {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reaches(n))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for n in &nodes {
        if done.contains(*n) || !reach[n].contains(*n) {
            continue;
        }
        let scc: Vec<String> = nodes
            .iter()
            .filter(|m| reach[n].contains(**m) && reach[*m].contains(*n))
            .map(|m| m.to_string())
            .collect();
        done.extend(scc.iter().cloned());
        out.push(scc);
    }
    out
}

/// The edges of a cycle with where each is made.
fn evidence(edges: &BTreeMap<String, BTreeMap<String, String>>, scc: &[String]) -> String {
    let mut s = String::new();
    for a in scc {
        for (b, at) in edges.get(a).into_iter().flatten() {
            if scc.contains(b) {
                s.push_str(&format!("\n    {a} -> {b} ({at})"));
            }
        }
    }
    s
}

#[test]
fn no_import_cycles_between_modules_or_files_of_a_folder() {
    let src = repo().join("src");
    // (top-level module) -> (module it imports) -> first place it does.
    let mut top: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    // (folder) -> (file) -> (sibling file) -> place.
    let mut folders: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>> = BTreeMap::new();
    for f in rust_files(&src) {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let parts: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
        if parts == ["lib"] || parts == ["main"] {
            continue;
        }
        let module = parts[0].to_string();
        // The folder of this file and its own name in it (None for mod.rs).
        let folder: Vec<&str> = parts[..parts.len() - 1].to_vec();
        let own = *parts.last().unwrap();
        let text = std::fs::read_to_string(&f).unwrap();
        let siblings: BTreeSet<String> = std::fs::read_dir(f.parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| {
                e.file_name()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .filter(|n| n != "mod")
            .collect();
        for (n, line) in code_lines(&text) {
            let at = format!("src/{rel}:{n}");
            for p in paths_in(&line) {
                if p[0] == "crate" && p[1] != module && p[1] != "self" {
                    top.entry(module.clone())
                        .or_default()
                        .entry(p[1].clone())
                        .or_insert(at.clone());
                }
                if own == "mod" || folder.is_empty() {
                    continue;
                }
                // A sibling named by `super::x` or by `crate::<folder>::x`.
                let named = if p[0] == "super" {
                    Some(p[1].as_str())
                } else if p[0] == "crate"
                    && p.len() > folder.len() + 1
                    && p[1..=folder.len()] == folder[..]
                {
                    Some(p[folder.len() + 1].as_str())
                } else {
                    None
                };
                if let Some(x) = named.filter(|x| *x != own && siblings.contains(*x)) {
                    folders
                        .entry(folder.join("/"))
                        .or_default()
                        .entry(own.to_string())
                        .or_default()
                        .entry(x.to_string())
                        .or_insert(at.clone());
                }
            }
        }
    }
    let mut found = Vec::new();
    for scc in cycles(&top) {
        found.push(format!(
            "modules {}:{}",
            scc.join(", "),
            evidence(&top, &scc)
        ));
    }
    for (folder, edges) in &folders {
        for scc in cycles(edges) {
            found.push(format!(
                "files of src/{folder}/ {}:{}",
                scc.join(", "),
                evidence(edges, &scc)
            ));
        }
    }
    assert!(found.is_empty(), "import cycles:\n  {}", found.join("\n  "));
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let lines = code_lines(
        "use crate::a::{b, c::D};\n// crate::zz\nfn f() { crate::x::y(); }\nuse crate::{m::{n, o}, p};\n#[cfg(test)]\nmod tests {\n    use crate::q;\n}\n",
    );
    let paths: Vec<Vec<String>> = lines.iter().flat_map(|(_, l)| paths_in(l)).collect();
    assert_eq!(
        paths,
        [
            vec!["crate", "a", "b"],
            vec!["crate", "a", "c", "D"],
            vec!["crate", "x", "y"],
            vec!["crate", "m", "n"],
            vec!["crate", "m", "o"],
            vec!["crate", "p"],
        ]
    );
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        g.entry(a.into())
            .or_default()
            .insert(b.into(), String::new());
    }
    assert_eq!(cycles(&g), [vec!["a", "b", "c"]]);
    g.get_mut("c").unwrap().remove("a");
    assert!(cycles(&g).is_empty());
}

#[test]
fn no_file_of_src_is_over_800_lines_but_the_message_catalog() {
    let src = repo().join("src");
    let long: Vec<String> = rust_files(&src)
        .into_iter()
        // The message catalogs: data, one entry per message.
        .filter(|f| !f.ends_with("diag/catalog.rs") && !f.ends_with("diag/ui.rs"))
        .filter_map(|f| {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            (n > 800).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
    let app = std::fs::read_to_string(src.join("app/mod.rs"))
        .unwrap()
        .lines()
        .count();
    assert!(app <= 400, "app/mod.rs has {app} lines");
}

/// The number of lines of the function `name` in `file` (from its `fn` line
/// to its closing brace).
fn function_lines(file: &Path, name: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(&format!("fn {name}("))
                || t.starts_with(&format!("pub fn {name}("))
                || t.starts_with(&format!("pub(super) fn {name}("))
                || t.starts_with(&format!("pub(crate) fn {name}("))
        })
        .unwrap_or_else(|| panic!("no fn {name} in {}", file.display()));
    let mut depth = 0i32;
    for (i, l) in lines[start..].iter().enumerate() {
        depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
        if depth == 0 && l.contains('}') {
            return i + 1;
        }
    }
    lines.len() - start
}

#[test]
fn the_functions_of_the_way_through_stay_short() {
    let src = repo().join("src");
    for (file, name) in [
        ("app/mod.rs", "run"),
        ("render/entry.rs", "render_entry"),
        ("render/bundle.rs", "render_bundle"),
        ("render/view/traject.rs", "new"),
        ("build/mod.rs", "render"),
    ] {
        let n = function_lines(&src.join(file), name);
        assert!(n < 100, "{file}: fn {name} has {n} lines");
    }
}
