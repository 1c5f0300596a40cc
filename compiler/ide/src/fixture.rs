//! Inline test fixtures: files whose text marks the cursor with `$0`.
use crate::AnalysisHost;
use intc_driver::{CompileOptions, MemoryFileSystem, StdModule};
use std::path::PathBuf;
use std::sync::Arc;

/// A small `std/io` for the tests (the real one lives in intc-stdlib, which depends on the
/// runtime).
const IO: &str = "# Prints the values and a newline.
public function println(any... values) = external;

# A file error.
public type Error distinct error;
";

pub(crate) struct Fixture {
    pub host: AnalysisHost,
    pub path: PathBuf,
    pub offset: u32,
}

/// A project `/p` (with `Int.toml`) of the given files; the one holding `$0` is the cursor's.
pub(crate) fn project(files: &[(&str, &str)]) -> Fixture {
    let mut fs = MemoryFileSystem::new();
    fs.insert(
        "/p/Int.toml",
        "[package]\norg = \"demo\"\nname = \"app\"\nversion = \"0.1.0\"\n",
    );
    let mut cursor = None;
    for (name, text) in files {
        let path = PathBuf::from("/p").join(name);
        if let Some(at) = text.find("$0") {
            cursor = Some((path.clone(), at as u32));
        }
        fs.insert(path, text.replace("$0", ""));
    }
    let options = CompileOptions {
        std_modules: vec![StdModule {
            name: "io".into(),
            files: vec![("io.int".into(), IO.into())],
        }],
    };
    let (path, offset) = cursor.unwrap_or_else(|| (PathBuf::from("/p/main.int"), 0));
    Fixture {
        host: AnalysisHost::new(Arc::new(fs), options),
        path,
        offset,
    }
}

/// A one-file project.
pub(crate) fn single(text: &str) -> Fixture {
    project(&[("main.int", text)])
}

impl Fixture {
    pub fn analysis(&self) -> std::rc::Rc<crate::Analysis> {
        self.host
            .analysis(&self.path)
            .expect("the fixture compiles")
    }

    /// The text a location covers.
    pub fn text_at(&self, location: &crate::Location) -> String {
        let analysis = self.analysis();
        let text = analysis.text(&location.file).expect("known file");
        text[location.start as usize..location.end as usize].to_owned()
    }
}
