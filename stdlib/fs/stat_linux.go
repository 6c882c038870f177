//go:build linux

package fs

import (
	"os"
	"syscall"
)

// stats is what fs.js's makeStats turns into a Stats object.
type stats map[string]any

func ms(t syscall.Timespec) float64 {
	return float64(t.Sec)*1e3 + float64(t.Nsec)/1e6
}

func statOf(fi os.FileInfo) stats {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return genericStat(fi)
	}
	return stats{
		"dev": st.Dev, "mode": st.Mode, "nlink": st.Nlink, "uid": st.Uid, "gid": st.Gid,
		"rdev": st.Rdev, "blksize": st.Blksize, "ino": st.Ino, "size": st.Size, "blocks": st.Blocks,
		"atimeMs": ms(st.Atim), "mtimeMs": ms(st.Mtim), "ctimeMs": ms(st.Ctim),
		// Linux's stat(2) has no birth time; Node reports the change time.
		"birthtimeMs": ms(st.Ctim),
	}
}

func access(path string, mode uint32) error { return syscall.Access(path, mode) }
