//! Turning outside material into records: [`article`] reads a news story
//! copied as plain text from a news site, [`table`] reads the spreadsheets
//! editors keep their lists in.

pub mod article;
pub mod table;

pub use article::{import_article, record_id, to_record, Article, Imported, Problem, LOST};
