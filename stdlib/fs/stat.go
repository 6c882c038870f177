package fs

import (
	"io/fs"
	"os"
)

// genericStat builds Stats from what os.FileInfo offers everywhere.
func genericStat(fi os.FileInfo) stats {
	mode := uint32(fi.Mode().Perm())
	switch m := fi.Mode(); {
	case m.IsRegular():
		mode |= 0o100000
	case m.IsDir():
		mode |= 0o040000
	case m&fs.ModeSymlink != 0:
		mode |= 0o120000
	case m&fs.ModeNamedPipe != 0:
		mode |= 0o010000
	case m&fs.ModeSocket != 0:
		mode |= 0o140000
	case m&fs.ModeCharDevice != 0:
		mode |= 0o020000
	case m&fs.ModeDevice != 0:
		mode |= 0o060000
	}
	t := float64(fi.ModTime().UnixNano()) / 1e6
	return stats{
		"dev": 0, "mode": mode, "nlink": 1, "uid": 0, "gid": 0, "rdev": 0, "blksize": 4096, "ino": 0,
		"size": fi.Size(), "blocks": (fi.Size() + 511) / 512,
		"atimeMs": t, "mtimeMs": t, "ctimeMs": t, "birthtimeMs": t,
	}
}
