//! Writing a page so that a web server never serves half of it: the new
//! page is written beside its place (a temporary file in the same
//! directory), flushed to disk, made readable by everyone (a web server is
//! another user; a temporary file is its owner's alone), and renamed over
//! the old one; the directory is flushed so the rename lasts too.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::SiteError;

/// Writes `html` as `dir/name` atomically, making `dir` when missing;
/// returns the page's path.
pub fn write_page(dir: &Path, name: &str, html: &str) -> Result<PathBuf, SiteError> {
    let path = dir.join(name);
    let failed = |source: io::Error| SiteError::Write {
        path: path.clone(),
        source,
    };
    fs::create_dir_all(dir).map_err(failed)?;
    let mut staged = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(failed)?;
    staged.write_all(html.as_bytes()).map_err(failed)?;
    staged.as_file().sync_all().map_err(failed)?;
    readable(staged.as_file()).map_err(failed)?;
    staged.persist(&path).map_err(|e| failed(e.error))?;
    sync_dir(dir).map_err(failed)?;
    Ok(path)
}

/// Readable by everyone, writable by its owner (`rw-r--r--`), as a page
/// any web server serves.
#[cfg(unix)]
fn readable(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable(_file: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_replaces_the_old_one_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("public");
        write_page(&out, "index.html", "<p>one</p>").expect("first");
        let path = write_page(&out, "index.html", "<p>two</p>").expect("second");
        assert_eq!(fs::read_to_string(&path).expect("read"), "<p>two</p>");
        let names: Vec<_> = fs::read_dir(&out).expect("list").collect();
        assert_eq!(names.len(), 1, "no temporary file left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn a_page_that_cannot_be_written_names_its_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a-file");
        fs::write(&file, "").expect("write");
        let error = write_page(&file, "index.html", "x").expect_err("not a directory");
        assert!(error.to_string().contains("index.html"), "{error}");
    }
}
