//! Reading the virtual disk through the BAT (reference/vhdx.md §6.3): present blocks from the
//! file, everything else as zeros.

use super::VhdxError;
use super::bat::{Bat, state};
use super::source::ReadAt;
use super::texts as t;

/// The guest's view of a (non-differencing) VHDX.
pub struct VirtualDisk<'a> {
    /// The file (or the file after log replay).
    pub src: &'a dyn ReadAt,
    /// The checked BAT.
    pub bat: &'a Bat,
    /// The virtual size.
    pub size: u64,
}

impl VirtualDisk<'_> {
    /// Fills `buf` from virtual offset `offset`.
    pub fn read(&self, buf: &mut [u8], offset: u64) -> Result<(), VhdxError> {
        let end =
            offset.checked_add(buf.len() as u64).filter(|e| *e <= self.size).ok_or_else(|| {
                VhdxError::Corrupt(t::V_PAST.fill(&[("offset", &offset), ("size", &self.size)]))
            })?;
        let bs = self.bat.geometry.block_size;
        let mut pos = offset;
        let mut done = 0usize;
        while pos < end {
            let block = pos / bs;
            let in_block = pos % bs;
            let n = (bs - in_block).min(end - pos);
            let too_large = || VhdxError::Corrupt(t::V_TOO_LARGE.get().to_owned());
            let n_usize = usize::try_from(n).map_err(|_| too_large())?;
            let dst = buf.get_mut(done..done + n_usize).ok_or_else(too_large)?;
            let (st, file_offset) = self.bat.payload(block);
            if st == state::FULLY_PRESENT {
                self.src.read_exact_at(dst, file_offset + in_block, t::PAYLOAD_BLOCK.get())?;
            } else {
                dst.fill(0);
            }
            pos += n;
            done += n_usize;
        }
        Ok(())
    }
}
