"use strict";
// The classes fs/promises returns: Stats and Dirent, as Node has them.

const S_IFMT = 0o170000, S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFLNK = 0o120000;
const S_IFIFO = 0o010000, S_IFSOCK = 0o140000, S_IFBLK = 0o060000, S_IFCHR = 0o020000;

class Stats {
  isFile() { return (this.mode & S_IFMT) === S_IFREG; }
  isDirectory() { return (this.mode & S_IFMT) === S_IFDIR; }
  isSymbolicLink() { return (this.mode & S_IFMT) === S_IFLNK; }
  isFIFO() { return (this.mode & S_IFMT) === S_IFIFO; }
  isSocket() { return (this.mode & S_IFMT) === S_IFSOCK; }
  isBlockDevice() { return (this.mode & S_IFMT) === S_IFBLK; }
  isCharacterDevice() { return (this.mode & S_IFMT) === S_IFCHR; }
}

function makeStats(s) {
  const st = new Stats();
  for (const k of ["dev", "mode", "nlink", "uid", "gid", "rdev", "blksize", "ino", "size", "blocks",
    "atimeMs", "mtimeMs", "ctimeMs", "birthtimeMs"]) {
    st[k] = s[k];
  }
  st.atime = new Date(s.atimeMs);
  st.mtime = new Date(s.mtimeMs);
  st.ctime = new Date(s.ctimeMs);
  st.birthtime = new Date(s.birthtimeMs);
  return st;
}

// Dirent types, as in Node's internal constants.
const UV_DIRENT_FILE = 1, UV_DIRENT_DIR = 2, UV_DIRENT_LINK = 3, UV_DIRENT_FIFO = 4;
const UV_DIRENT_SOCKET = 5, UV_DIRENT_CHAR = 6, UV_DIRENT_BLOCK = 7;
const kType = Symbol("type");

class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    this[kType] = type;
  }
  isFile() { return this[kType] === UV_DIRENT_FILE; }
  isDirectory() { return this[kType] === UV_DIRENT_DIR; }
  isSymbolicLink() { return this[kType] === UV_DIRENT_LINK; }
  isFIFO() { return this[kType] === UV_DIRENT_FIFO; }
  isSocket() { return this[kType] === UV_DIRENT_SOCKET; }
  isCharacterDevice() { return this[kType] === UV_DIRENT_CHAR; }
  isBlockDevice() { return this[kType] === UV_DIRENT_BLOCK; }
}

function makeDirents(list) {
  return list.map((d) => new Dirent(d.name, d.type, d.path));
}

module.exports = { Stats, Dirent, makeStats, makeDirents };
