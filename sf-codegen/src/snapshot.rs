//! Reading a schema snapshot: a directory of describe files (or one file).
//! Every file is parsed before anything is generated, so a bad file stops the
//! run before a single output file is written.

use crate::describe::{parse_describe, DescribeFile, SObjectDescribe};
use crate::Error;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One parsed describe with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The file name (`Account.json`).
    pub file_name: String,
    /// `sha256:<hex>` of the file bytes.
    pub hash: String,
    /// The parsed describe.
    pub describe: SObjectDescribe,
}

/// `sha256:<hex>` of some bytes.
pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(71);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The hash of a set of describes: over `name\0hash\n` lines in the given order.
pub fn combined_hash<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut buf = Vec::new();
    for (name, hash) in items {
        buf.extend_from_slice(name.as_bytes());
        buf.push(0);
        buf.extend_from_slice(hash.as_bytes());
        buf.push(b'\n');
    }
    hash_bytes(&buf)
}

/// Parses one describe from bytes; `file` names it in errors.
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Option<Loaded>, Error> {
    match parse_describe(bytes) {
        Ok(DescribeFile::SObject(d)) => Ok(Some(Loaded {
            file_name: file.to_string(),
            hash: hash_bytes(bytes),
            describe: *d,
        })),
        Ok(DescribeFile::Global(_)) => Ok(None),
        Err(e) => Err(Error::Describe {
            file: PathBuf::from(file),
            path: e.path,
            message: e.message,
        }),
    }
}

/// Loads a snapshot directory (every `*.json`, the global describe skipped) or a
/// single describe file. Objects come back sorted by API name; two files
/// describing the same object are an error.
pub fn load(path: &Path) -> Result<Vec<Loaded>, Error> {
    if !path.exists() {
        return Err(Error::MissingSchema(path.to_path_buf()));
    }
    let files: Vec<PathBuf> = if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::Io {
                path: path.to_path_buf(),
                source: e,
            })?;
            let p = entry.path();
            if p.extension().is_some_and(|x| x == "json") && p.is_file() {
                files.push(p);
            }
        }
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let parsed = crate::par::par_map(&files, |file| -> Result<Option<Loaded>, Error> {
        let bytes = std::fs::read(file).map_err(|e| Error::Io {
            path: file.clone(),
            source: e,
        })?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        parse_bytes(&name, &bytes).map_err(|e| match e {
            Error::Describe { path, message, .. } => Error::Describe {
                file: file.clone(),
                path,
                message,
            },
            other => other,
        })
    });
    let mut out: Vec<Loaded> = Vec::new();
    for loaded in parsed {
        if let Some(l) = loaded? {
            if let Some(prev) = out
                .iter()
                .find(|p| p.describe.name.eq_ignore_ascii_case(&l.describe.name))
            {
                return Err(Error::Duplicate {
                    object: l.describe.name.clone(),
                    first: prev.file_name.clone(),
                    second: l.file_name.clone(),
                });
            }
            out.push(l);
        }
    }
    out.sort_by(|a, b| a.describe.name.cmp(&b.describe.name));
    Ok(out)
}
