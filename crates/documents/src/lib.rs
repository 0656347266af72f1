//! Turns view models into bytes: CSV files and SVG images. No database, no HTTP, no clock.

pub mod csv;
pub mod koppeling;
pub mod pip;
pub mod qr;
