//! QR codes as inline SVG (for TOTP enrolment): rendered on the server, no script needed.

/// An SVG image of `data` as a QR code, with a title for screen readers.
pub fn svg(data: &str, title: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::new(data.as_bytes())?;
    let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build();
    // Add an accessible name: role="img" and a <title> as the first child.
    let escaped = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    Ok(match svg.find("<svg") {
        Some(start) => {
            let body = &svg[start..];
            let close = body.find('>').unwrap_or(0);
            format!(
                "{} role=\"img\" aria-label=\"{escaped}\"><title>{escaped}</title>{}",
                &body[..close],
                &body[close + 1..]
            )
        }
        None => svg,
    })
}
