//! Turns view models into bytes: CSV and XLSX files, SEPA credit transfer XML, PDF/A documents
//! (PIP decisions, letters) and SVG images. No database, no HTTP, no clock.

pub mod csv;
pub mod hours;
pub mod koppeling;
pub mod letters;
pub mod pip;
pub mod qr;
pub mod sepa;
pub mod table;
pub mod xlsx;
