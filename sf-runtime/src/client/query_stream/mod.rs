//! Query results streamed page by page: [`pagination`] follows `nextRecordsUrl`
//! lazily for untyped rows, [`row_stream`] decodes typed rows while each page's
//! body arrives, over the cursor of one page body in [`page_rows`].

pub(crate) mod page_rows;
pub(crate) mod pagination;
pub(crate) mod row_stream;

pub use page_rows::{PageRows, RowPoll};
pub use pagination::QueryPage;
