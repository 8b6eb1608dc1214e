//! Images a document embeds (a client's signature, the centre's logo): read
//! once, here, through a handle opened without following links, checked from
//! their own bytes (PNG or JPEG, and how many pixels), and carried on as
//! shared bytes: the cache key and the PDF use these same bytes, never a
//! second read of the disk.

use std::io::Read;
use std::path::{Component, Path};
use std::sync::Arc;

/// The formats Typst embeds and popdoc accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    /// The file extension Typst recognises the format by.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
        }
    }
}

/// An image as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The name as written in the front matter or `popdoc.toml`.
    pub name: String,
    pub bytes: Arc<[u8]>,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Why an image cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageProblem {
    /// An absolute path, `..`, or a link on the way: outside its folder.
    Outside,
    /// No such file, or not a regular file (a folder, a pipe).
    Missing,
    /// Larger than a source file may be.
    TooLarge,
    /// Neither PNG nor JPEG by its bytes (or a header popdoc cannot read).
    NotImage,
    /// More pixels than `MAX_IMAGE_PIXELS` (width, height).
    TooManyPixels(u32, u32),
}

impl ImageProblem {
    /// The catalog key of the "found" part of the message.
    pub fn key(self) -> &'static str {
        match self {
            ImageProblem::Outside => "sig-outside",
            ImageProblem::Missing => "sig-missing",
            ImageProblem::TooLarge => "sig-too-large",
            ImageProblem::NotImage => "sig-not-image",
            ImageProblem::TooManyPixels(..) => "sig-too-many-pixels",
        }
    }
}

/// Reads `name` (relative to `dir`), refusing to leave `dir`: every folder on
/// the way and the file itself are checked without following links, and the
/// file is opened with `O_NOFOLLOW` and `O_NONBLOCK` (a pipe swapped in never
/// blocks the run).
pub fn read(dir: &Path, name: &str) -> Result<Image, ImageProblem> {
    let rel = Path::new(name);
    let plain = !name.is_empty()
        && !rel.is_absolute()
        && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return Err(ImageProblem::Outside);
    }
    let mut on_the_way = dir.to_path_buf();
    let parts: Vec<Component> = rel.components().collect();
    for c in &parts[..parts.len() - 1] {
        on_the_way.push(c);
        match std::fs::symlink_metadata(&on_the_way) {
            Ok(m) if m.file_type().is_symlink() => return Err(ImageProblem::Outside),
            Ok(m) if m.is_dir() => {}
            _ => return Err(ImageProblem::Missing),
        }
    }
    let path = dir.join(rel);
    let mut file = open_no_follow(&path)?;
    let meta = file.metadata().map_err(|_| ImageProblem::Missing)?;
    if !meta.is_file() {
        return Err(ImageProblem::Missing);
    }
    if meta.len() > crate::limits::MAX_SOURCE_BYTES {
        return Err(ImageProblem::TooLarge);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)
        .map_err(|_| ImageProblem::Missing)?;
    if bytes.len() as u64 > crate::limits::MAX_SOURCE_BYTES {
        return Err(ImageProblem::TooLarge);
    }
    let (format, width, height) = sniff(&bytes).ok_or(ImageProblem::NotImage)?;
    if u64::from(width) * u64::from(height) > crate::limits::MAX_IMAGE_PIXELS {
        return Err(ImageProblem::TooManyPixels(width, height));
    }
    Ok(Image {
        name: name.to_string(),
        bytes: bytes.into(),
        format,
        width,
        height,
    })
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> Result<std::fs::File, ImageProblem> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => Ok(f),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => Err(ImageProblem::Outside),
        Err(_) => Err(ImageProblem::Missing),
    }
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> Result<std::fs::File, ImageProblem> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ImageProblem::Outside);
    }
    std::fs::File::open(path).map_err(|_| ImageProblem::Missing)
}

/// The format and size of an image from its first bytes: a PNG's IHDR, a
/// JPEG's first start-of-frame marker.
pub fn sniff(b: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    if b.len() >= 24 && b.starts_with(b"\x89PNG\r\n\x1a\n") && &b[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
        return Some((ImageFormat::Png, w, h));
    }
    if b.len() >= 4 && b[..3] == [0xFF, 0xD8, 0xFF] {
        let (w, h) = jpeg_size(b)?;
        return Some((ImageFormat::Jpeg, w, h));
    }
    None
}

fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        // Fill bytes and markers without a length.
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let is_frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_frame {
            let f = b.get(i + 4..i + 9)?;
            let h = u32::from(u16::from_be_bytes([f[1], f[2]]));
            let w = u32::from(u16::from_be_bytes([f[3], f[4]]));
            return Some((w, h));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0]);
        b
    }

    #[test]
    fn sizes_come_from_the_bytes() {
        assert_eq!(sniff(&png(640, 480)), Some((ImageFormat::Png, 640, 480)));
        // SOI, an APP0 of 16 bytes, then SOF0: precision, height 300, width 400.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend([0u8; 14]);
        jpeg.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0x01, 0x2C, 0x01, 0x90, 3]);
        assert_eq!(sniff(&jpeg), Some((ImageFormat::Jpeg, 400, 300)));
        assert_eq!(sniff(b"GIF89a......"), None);
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            None,
            "no frame: unreadable"
        );
    }

    #[test]
    fn reads_inside_the_folder_only_and_caps_pixels() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("an");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("h.png"), png(10, 20)).unwrap();
        std::fs::write(dir.join("sub/h.png"), png(10, 20)).unwrap();
        std::fs::write(dir.join("groot.png"), png(40_000, 40_000)).unwrap();
        std::fs::write(dir.join("tekst.png"), "geen beeld").unwrap();
        std::fs::write(tmp.path().join("elders.png"), png(1, 1)).unwrap();
        let ok = read(&dir, "h.png").unwrap();
        assert_eq!((ok.width, ok.height, ok.format), (10, 20, ImageFormat::Png));
        assert!(read(&dir, "sub/h.png").is_ok());
        assert_eq!(read(&dir, "../elders.png"), Err(ImageProblem::Outside));
        assert_eq!(read(&dir, "/etc/passwd"), Err(ImageProblem::Outside));
        assert_eq!(read(&dir, "weg.png"), Err(ImageProblem::Missing));
        assert_eq!(read(&dir, "sub"), Err(ImageProblem::Missing));
        assert_eq!(read(&dir, "tekst.png"), Err(ImageProblem::NotImage));
        assert_eq!(
            read(&dir, "groot.png"),
            Err(ImageProblem::TooManyPixels(40_000, 40_000))
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("elders.png"), dir.join("link.png"))
                .unwrap();
            assert_eq!(read(&dir, "link.png"), Err(ImageProblem::Outside));
            std::os::unix::fs::symlink(tmp.path(), dir.join("up")).unwrap();
            assert_eq!(read(&dir, "up/elders.png"), Err(ImageProblem::Outside));
            let fifo = dir.join("pijp.png");
            let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
            assert_eq!(
                read(&dir, "pijp.png"),
                Err(ImageProblem::Missing),
                "never blocks"
            );
        }
    }
}
