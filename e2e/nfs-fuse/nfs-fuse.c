/*
 * mount.nfs for a kernel without an NFS client: mounts SERVER:PATH at TARGET as
 * a FUSE filesystem that speaks NFS (libnfs) to the server, then serves the mount
 * from a daemon in the background, as mount.nfs returns once the kernel mounted.
 *
 *   mount.nfs SERVER:PATH TARGET [-o OPTIONS] [-rvwfns]
 *
 * Each request reaches the server with the calling process's uid, gid and
 * supplementary groups (AUTH_SYS), so the server's squashing and permission checks
 * apply as they do to a kernel client: the FUSE mount has allow_other and no
 * default_permissions, the server decides.
 *
 * The application's server name is never contacted: NFS_FUSE_MAP lists
 * "NAME=ADDRESS[:PORT]" pairs (space-separated), and a server not in it is refused.
 * NFS_FUSE_LOG (a file) receives one line per mount and the daemon's errors;
 * NFS_FUSE_PIDS (a file) one line "PID nfs-fuse" per daemon. SIGTERM unmounts.
 * These three may also be appended to the program's own file (see CONFIG_MARK).
 *
 * Options: nfsvers=/vers= 3 or 4 (4.1 and 4.2 mount NFSv4.0: libnfs 4.0 speaks no
 * minor version above 0; printed), ro/rw, timeo, sec=sys, proto=tcp; the mount
 * flags nosuid, nodev, noexec, noatime go to the FUSE mount; any other option is
 * printed as not honoured.
 */
#define FUSE_USE_VERSION 35
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <nfsc/libnfs.h>
#include <nfsc/libnfs-raw.h>
#include <nfsc/libnfs-raw-nfs.h>
#include <nfsc/libnfs-raw-nfs4.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define EXIT_MOUNT_FAILED 32
#define MAX_GROUPS 32

static struct nfs_context *nfs;
static pthread_mutex_t nfs_mu = PTHREAD_MUTEX_INITIALIZER;
static FILE *logf;
static char *remote_server, *remote_path, *source_arg, *target_arg;
static int nfs_version = 4;
static int nfs_port, timeo_ms;
static char version_note[128]; /* for the mount's log line: a version asked and not spoken */

static void logmsg(const char *fmt, ...) {
  if (!logf) return;
  va_list ap;
  char ts[16];
  time_t t = time(NULL);
  strftime(ts, sizeof ts, "%H:%M:%S", gmtime(&t));
  fprintf(logf, "%s nfs-fuse[%d] ", ts, (int)getpid());
  va_start(ap, fmt);
  vfprintf(logf, fmt, ap);
  va_end(ap);
  fputc('\n', logf);
  fflush(logf);
}

struct cred {
  uint32_t uid, gid, n;
  uint32_t groups[MAX_GROUPS];
};
static struct cred current = {.uid = (uint32_t)-1};

/* ---- the connection ---------------------------------------------------------- */

static char *server_addr;

/* A context mounted on the server, or NULL with the reason in err. */
static struct nfs_context *connect_server(const char *addr, char *err, size_t errlen) {
  struct nfs_context *c = nfs_init_context();
  if (!c) {
    snprintf(err, errlen, "cannot create an NFS context");
    return NULL;
  }
  /* The URL carries what libnfs has no setter for: the version and the NFS port
     (NFSv3 asks the portmapper of the same local address for its MOUNT service). */
  char url[1024];
  int n = snprintf(url, sizeof url, "nfs://%s%s?version=%d", addr, remote_path, nfs_version);
  if (nfs_port) snprintf(url + n, sizeof url - n, "&nfsport=%d", nfs_port);
  struct nfs_url *u = nfs_parse_url_dir(c, url);
  if (!u) {
    snprintf(err, errlen, "%.200s: %.800s", url, nfs_get_error(c));
    nfs_destroy_context(c);
    return NULL;
  }
  /* A client name of its own: two mounts under one name would share NFSv4 open
     owners whose sequence numbers only one of them knows. */
  static int generation;
  char client_name[256];
  snprintf(client_name, sizeof client_name, "nfs-fuse.%d.%ld.%d.%s", (int)getpid(), (long)time(NULL),
           generation++, target_arg);
  nfs4_set_client_name(c, client_name);
  nfs_umask(c, 0); /* the kernel already applied the caller's umask */
  nfs_set_dircache(c, 0);
  if (timeo_ms) nfs_set_timeout(c, timeo_ms);
  int rc = nfs_mount(c, u->server, u->path);
  nfs_destroy_url(u);
  if (rc != 0) {
    snprintf(err, errlen, "%s", nfs_get_error(c));
    nfs_destroy_context(c);
    return NULL;
  }
  return c;
}

/* NFSv3 asked: an RPC NULL call to NFS version 3 on the server's NFS port, so that
   a server without NFSv3 refuses the mount in its own words ("Program version
   mismatch") rather than through a missing MOUNT service. 0, or -1 with err set. */
static struct {
  int done, rpc_status;
} null_wait;
static char null_err[512];
static void null_done(struct rpc_context *rpc, int status, void *data, void *priv) {
  (void)rpc;
  (void)priv;
  null_wait.done = 1;
  null_wait.rpc_status = status;
  if (status != RPC_STATUS_SUCCESS) snprintf(null_err, sizeof null_err, "%s", data ? (char *)data : "no answer");
}
static int rpc_wait(struct rpc_context *rpc) {
  for (int i = 0; !null_wait.done && i < 300; i++) { /* 30 s */
    struct pollfd p = {.fd = rpc_get_fd(rpc), .events = rpc_which_events(rpc)};
    if (poll(&p, 1, 100) < 0 && errno != EINTR) return -1;
    if (rpc_service(rpc, p.revents) < 0) return -1;
  }
  return null_wait.done ? 0 : -1;
}
static int probe_v3(const char *addr, int port, char *err, size_t errlen) {
  struct rpc_context *rpc = rpc_init_context();
  int rc = -1;
  memset(&null_wait, 0, sizeof null_wait);
  if (!rpc) return -1;
  if (rpc_connect_async(rpc, addr, port, null_done, NULL) != 0 || rpc_wait(rpc) != 0 ||
      null_wait.rpc_status != RPC_STATUS_SUCCESS) {
    snprintf(err, errlen, "cannot connect to %s:%d: %s", addr, port, null_wait.done ? null_err : rpc_get_error(rpc));
  } else {
    memset(&null_wait, 0, sizeof null_wait);
    if (rpc_nfs3_null_async(rpc, null_done, NULL) != 0 || rpc_wait(rpc) != 0)
      snprintf(err, errlen, "NFSv3 NULL call to %s:%d: %s", addr, port, rpc_get_error(rpc));
    else if (null_wait.rpc_status != RPC_STATUS_SUCCESS)
      snprintf(err, errlen, "the server at %s:%d refused NFSv3: %s", addr, port, null_err);
    else
      rc = 0;
  }
  rpc_destroy_context(rpc);
  return rc;
}

/* libnfs 4.0 never renews its NFSv4 lease (no RENEW): after a lease time without
   OPEN, the server expires the client and answers NFS4ERR_EXPIRED. Then the daemon
   mounts a new context (a new client) and the request is sent again. Files open in
   the old one stay with it (their state is gone on the server). */
static int lease_lost(void) {
  const char *e = nfs_get_error(nfs);
  return nfs_version == 4 && e &&
         (strstr(e, "NFS4ERR_EXPIRED") || strstr(e, "NFS4ERR_STALE_CLIENTID") || strstr(e, "NFS4ERR_BAD_SEQID"));
}

static int reconnect(void) {
  char err[1024];
  struct nfs_context *c = connect_server(server_addr, err, sizeof err);
  if (!c) {
    logmsg("%s: reconnecting after the lease expired failed: %s", target_arg, err);
    return -1;
  }
  logmsg("%s: the server expired the NFSv4 client (lease not renewed): mounted a new one", target_arg);
  nfs = c; /* the old context stays allocated: open files still point into it */
  current.uid = (uint32_t)-1;
  return 0;
}

/* ---- credentials: the caller's uid, gid and groups, as AUTH_SYS ---------------- */


static void caller_groups(pid_t pid, struct cred *c) {
  char path[64], line[4096];
  c->n = 0;
  if (pid <= 0) return;
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  FILE *f = fopen(path, "r");
  if (!f) return;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "Groups:", 7) != 0) continue;
    char *p = line + 7, *end;
    while (c->n < MAX_GROUPS) {
      unsigned long g = strtoul(p, &end, 10);
      if (end == p) break;
      c->groups[c->n++] = (uint32_t)g;
      p = end;
    }
    break;
  }
  fclose(f);
}

/* Called with nfs_mu held, before every request made for a caller. */
static void as_caller(void) {
  struct fuse_context *fc = fuse_get_context();
  struct cred c = {.uid = fc->uid, .gid = fc->gid};
  caller_groups(fc->pid, &c);
  if (memcmp(&c, &current, sizeof c) == 0) return;
  struct AUTH *auth = libnfs_authunix_create("nfs-fuse", c.uid, c.gid, c.n, c.groups);
  if (!auth) return;
  nfs_set_auth(nfs, auth);
  current = c;
}

static void logerr(const char *op, const char *path, int rc) {
  /* Permission and existence errors are answers, not faults: only the rest is logged. */
  if (rc == -ENOENT || rc == -EEXIST || rc == -ENOTEMPTY || rc == -EISDIR || (rc == -EINVAL && !strcmp(path ? path : "", "/"))) return;
  logmsg("%s %s: %s (uid %u gid %u): %s", op, path ? path : "", strerror(-rc), current.uid,
         current.gid, nfs_get_error(nfs));
}

#define LOCKED(expr)                \
  ({                                \
    pthread_mutex_lock(&nfs_mu);    \
    as_caller();                    \
    int rc_ = (expr);               \
    if (rc_ < 0 && lease_lost() && reconnect() == 0) { \
      as_caller();                  \
      rc_ = (expr);                 \
    }                               \
    if (rc_ < 0) logerr(__func__, path_of_call, rc_); \
    pthread_mutex_unlock(&nfs_mu);  \
    rc_;                            \
  })


static void to_stat(const struct nfs_stat_64 *n, struct stat *st) {
  memset(st, 0, sizeof *st);
  st->st_ino = n->nfs_ino;
  st->st_mode = n->nfs_mode;
  st->st_nlink = n->nfs_nlink;
  st->st_uid = n->nfs_uid;
  st->st_gid = n->nfs_gid;
  st->st_rdev = n->nfs_rdev;
  st->st_size = n->nfs_size;
  st->st_blksize = n->nfs_blksize;
  st->st_blocks = n->nfs_blocks;
  st->st_atim.tv_sec = n->nfs_atime;
  st->st_atim.tv_nsec = n->nfs_atime_nsec;
  st->st_mtim.tv_sec = n->nfs_mtime;
  st->st_mtim.tv_nsec = n->nfs_mtime_nsec;
  st->st_ctim.tv_sec = n->nfs_ctime;
  st->st_ctim.tv_nsec = n->nfs_ctime_nsec;
}

/* ---- NFSv4 SETATTR on directories ---------------------------------------------- */

/* libnfs 4.0 sets attributes over NFSv4 through an OPEN of the object, which a
   directory refuses (NFS4ERR_ISDIR): chmod, chown and utimes of a directory are
   sent here instead as one COMPOUND: PUTROOTFH, LOOKUP of each component of the
   path on the server, SETATTR with the anonymous stateid. */
struct attrs {
  uint32_t mask[2];
  char vals[128];
  int len;
};

static void put32(struct attrs *a, uint32_t v) {
  uint32_t be = htonl(v);
  memcpy(a->vals + a->len, &be, 4);
  a->len += 4;
}
static void put_owner(struct attrs *a, uint32_t id) { /* an XDR string of the number */
  char s[16];
  int n = snprintf(s, sizeof s, "%u", id);
  put32(a, n);
  memset(a->vals + a->len, 0, (n + 3) & ~3);
  memcpy(a->vals + a->len, s, n);
  a->len += (n + 3) & ~3;
}
static void put_time(struct attrs *a, const struct timespec *t) { /* settime4: SET_TO_CLIENT_TIME4 */
  put32(a, 1);
  put32(a, (uint32_t)((uint64_t)t->tv_sec >> 32));
  put32(a, (uint32_t)t->tv_sec);
  put32(a, (uint32_t)t->tv_nsec);
}

struct compound_wait {
  int done, rpc_status;
  nfsstat4 status;
};
static void compound_done(struct rpc_context *rpc, int status, void *data, void *priv) {
  struct compound_wait *w = priv;
  (void)rpc;
  w->done = 1;
  w->rpc_status = status;
  if (status == RPC_STATUS_SUCCESS) w->status = ((COMPOUND4res *)data)->status;
}

/* libnfs refused to set attributes of a directory: EISDIR, or EINVAL for the root
   of the mount. */
static int setattr_refused(int rc, const char *path) {
  return nfs_version == 4 && (rc == -EISDIR || (rc == -EINVAL && strcmp(path, "/") == 0));
}

static int v4_setattr(const char *path, struct attrs *a) {
  char full[4096];
  snprintf(full, sizeof full, "%s/%s", remote_path, path);
  nfs_argop4 ops[128];
  memset(ops, 0, sizeof ops);
  int n = 0;
  ops[n++].argop = OP_PUTROOTFH;
  char *save = NULL;
  for (char *c = strtok_r(full, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
    if (n >= 126) return -ENAMETOOLONG;
    ops[n].argop = OP_LOOKUP;
    ops[n].nfs_argop4_u.oplookup.objname.utf8string_len = strlen(c);
    ops[n].nfs_argop4_u.oplookup.objname.utf8string_val = c;
    n++;
  }
  ops[n].argop = OP_SETATTR;
  SETATTR4args *sa = &ops[n].nfs_argop4_u.opsetattr; /* stateid: all zero, the anonymous one */
  sa->obj_attributes.attrmask.bitmap4_len = 2;
  sa->obj_attributes.attrmask.bitmap4_val = a->mask;
  sa->obj_attributes.attr_vals.attrlist4_len = a->len;
  sa->obj_attributes.attr_vals.attrlist4_val = a->vals;
  n++;
  COMPOUND4args args;
  memset(&args, 0, sizeof args);
  args.argarray.argarray_len = n;
  args.argarray.argarray_val = ops;
  struct rpc_context *rpc = nfs_get_rpc_context(nfs);
  struct compound_wait w = {0};
  if (rpc_nfs4_compound_async(rpc, compound_done, &args, &w) != 0) return -EIO;
  while (!w.done) {
    struct pollfd p = {.fd = rpc_get_fd(rpc), .events = rpc_which_events(rpc)};
    if (poll(&p, 1, 100) < 0 && errno != EINTR) return -EIO;
    if (rpc_service(rpc, p.revents) < 0) return -EIO;
  }
  if (w.rpc_status != RPC_STATUS_SUCCESS) return -EIO;
  if (w.status != NFS4_OK) logmsg("SETATTR %s: NFSv4 status %d", path, (int)w.status);
  /* NFSv4 status numbers below 100 are the errno values of the same name. */
  return w.status == NFS4_OK ? 0 : w.status < 100 ? -(int)w.status : -EIO;
}

/* ---- the filesystem --------------------------------------------------------- */

static int op_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
  struct nfs_stat_64 n;
  const char *path_of_call = path;
  int rc = fi && fi->fh ? LOCKED(nfs_fstat64(nfs, (struct nfsfh *)fi->fh, &n))
                        : LOCKED(nfs_lstat64(nfs, path, &n));
  if (rc == 0) to_stat(&n, st);
  return rc;
}

static int op_readlink(const char *path, char *buf, size_t size) {
  const char *path_of_call = path;
  return LOCKED(nfs_readlink(nfs, path, buf, size));
}

static int op_mkdir(const char *path, mode_t mode) {
  const char *path_of_call = path;
  return LOCKED(nfs_mkdir2(nfs, path, mode & 07777));
}

static int op_unlink(const char *path) {
  const char *path_of_call = path;
  return LOCKED(nfs_unlink(nfs, path));
}

static int op_rmdir(const char *path) {
  const char *path_of_call = path;
  return LOCKED(nfs_rmdir(nfs, path));
}

static int op_symlink(const char *target, const char *path) {
  const char *path_of_call = path;
  return LOCKED(nfs_symlink(nfs, target, path));
}

static int op_rename(const char *from, const char *to, unsigned int flags) {
  const char *path_of_call = from;
  if (flags) return -EINVAL; /* RENAME_NOREPLACE and RENAME_EXCHANGE have no NFS form */
  return LOCKED(nfs_rename(nfs, from, to));
}

static int op_link(const char *from, const char *to) {
  const char *path_of_call = to;
  return LOCKED(nfs_link(nfs, from, to));
}

static int op_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
  const char *path_of_call = path;
  (void)fi;
  int rc = LOCKED(nfs_chmod(nfs, path, mode & 07777));
  if (setattr_refused(rc, path)) {
    struct attrs a = {.mask = {0, 1u << (33 - 32)}};
    put32(&a, mode & 07777);
    rc = LOCKED(v4_setattr(path, &a));
  }
  return rc;
}

static int op_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
  const char *path_of_call = path;
  struct nfs_stat_64 n;
  (void)fi;
  /* -1 leaves an id as it is: NFS needs both, so read the one that stays. */
  if (uid == (uid_t)-1 || gid == (gid_t)-1) {
    int rc = LOCKED(nfs_lstat64(nfs, path, &n));
    if (rc < 0) return rc;
    if (uid == (uid_t)-1) uid = n.nfs_uid;
    if (gid == (gid_t)-1) gid = n.nfs_gid;
  }
  int rc = LOCKED(nfs_lchown(nfs, path, (int)uid, (int)gid));
  if (setattr_refused(rc, path)) {
    struct attrs a = {.mask = {0, (1u << (36 - 32)) | (1u << (37 - 32))}};
    put_owner(&a, uid);
    put_owner(&a, gid);
    rc = LOCKED(v4_setattr(path, &a));
  }
  return rc;
}

static int op_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
  const char *path_of_call = path;
  if (fi && fi->fh) return LOCKED(nfs_ftruncate(nfs, (struct nfsfh *)fi->fh, size));
  return LOCKED(nfs_truncate(nfs, path, size));
}

static int op_open(const char *path, struct fuse_file_info *fi) {
  const char *path_of_call = path;
  struct nfsfh *fh = NULL;
  int rc = LOCKED(nfs_open(nfs, path, fi->flags & (O_ACCMODE | O_APPEND | O_TRUNC | O_SYNC), &fh));
  if (rc == 0) fi->fh = (uint64_t)(uintptr_t)fh;
  return rc;
}

static int op_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
  const char *path_of_call = path;
  struct nfsfh *fh = NULL;
  int rc = LOCKED(nfs_create(nfs, path, fi->flags & (O_ACCMODE | O_APPEND | O_TRUNC | O_EXCL | O_SYNC),
                             mode & 07777, &fh));
  if (rc < 0) return rc;
  fi->fh = (uint64_t)(uintptr_t)fh;
  /* libnfs 4.0 creates NFSv4 files 0600 whatever the mode: set it as asked. */
  struct nfs_stat_64 n;
  if (LOCKED(nfs_fstat64(nfs, fh, &n)) == 0 && (n.nfs_mode & 07777) != (mode & 07777))
    LOCKED(nfs_fchmod(nfs, fh, mode & 07777));
  return 0;
}

/* libnfs 4.0 encodes an NFSv4 WRITE into a fixed buffer and fails ("Failed to
   encode COMPOUND4args") above about 3900 bytes of data: FUSE's writes (up to
   1 MiB) go out in pieces of write_chunk. */
static size_t write_chunk = 3584;
#define IO_CHUNK (1024 * 1024)

static int op_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
  const char *path_of_call = path;
  size_t done = 0;
  while (done < size) {
    size_t n = size - done < IO_CHUNK ? size - done : IO_CHUNK;
    int rc = LOCKED(nfs_pread(nfs, (struct nfsfh *)fi->fh, off + done, n, buf + done));
    if (rc < 0) return done ? (int)done : rc;
    done += rc;
    if ((size_t)rc < n) break; /* end of file */
  }
  return (int)done;
}

static int op_write(const char *path, const char *buf, size_t size, off_t off,
                    struct fuse_file_info *fi) {
  const char *path_of_call = path;
  size_t done = 0;
  while (done < size) {
    size_t n = size - done < write_chunk ? size - done : write_chunk;
    int rc = LOCKED(nfs_pwrite(nfs, (struct nfsfh *)fi->fh, off + done, n, (char *)buf + done));
    if (rc < 0) return done ? (int)done : rc;
    if (rc == 0) break;
    done += rc;
  }
  return (int)done;
}

static int op_statfs(const char *path, struct statvfs *sv) {
  const char *path_of_call = path;
  struct nfs_statvfs_64 n;
  int rc = LOCKED(nfs_statvfs64(nfs, path, &n));
  if (rc < 0) return rc;
  memset(sv, 0, sizeof *sv);
  sv->f_bsize = n.f_bsize;
  sv->f_frsize = n.f_frsize;
  sv->f_blocks = n.f_blocks;
  sv->f_bfree = n.f_bfree;
  sv->f_bavail = n.f_bavail;
  sv->f_files = n.f_files;
  sv->f_ffree = n.f_ffree;
  sv->f_favail = n.f_favail;
  sv->f_namemax = n.f_namemax ? n.f_namemax : 255;
  return 0;
}

static int op_flush(const char *path, struct fuse_file_info *fi) {
  (void)path;
  (void)fi;
  return 0; /* writes are synchronous RPCs already */
}

static int op_release(const char *path, struct fuse_file_info *fi) {
  (void)path;
  if (!fi->fh) return 0;
  /* Not LOCKED: a file opened before a reconnect has no state left to close, and
     its failure must not start another reconnect. */
  pthread_mutex_lock(&nfs_mu);
  as_caller();
  nfs_close(nfs, (struct nfsfh *)fi->fh);
  pthread_mutex_unlock(&nfs_mu);
  fi->fh = 0;
  return 0;
}

static int op_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
  const char *path_of_call = path;
  (void)datasync;
  return fi && fi->fh ? LOCKED(nfs_fsync(nfs, (struct nfsfh *)fi->fh)) : 0;
}

static int op_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t off,
                      struct fuse_file_info *fi, enum fuse_readdir_flags flags) {
  const char *path_of_call = path;
  struct nfsdir *dir = NULL;
  (void)off;
  (void)fi;
  (void)flags;
  pthread_mutex_lock(&nfs_mu);
  as_caller();
  int rc = nfs_opendir(nfs, path, &dir);
  if (rc < 0) {
    logerr(__func__, path_of_call, rc);
    pthread_mutex_unlock(&nfs_mu);
    return rc;
  }
  struct nfsdirent *e;
  /* NFSv4 READDIR leaves out "." and "..", NFSv3 sends them */
  if (nfs_version == 4 && (filler(buf, ".", NULL, 0, 0) || filler(buf, "..", NULL, 0, 0))) e = NULL;
  while ((e = nfs_readdir(nfs, dir)) != NULL) {
    struct stat st = {0};
    switch (e->type) {
      case NF3DIR: st.st_mode = S_IFDIR; break;
      case NF3LNK: st.st_mode = S_IFLNK; break;
      case NF3REG: st.st_mode = S_IFREG; break;
      default: break;
    }
    if (filler(buf, e->name, &st, 0, 0)) break;
  }
  nfs_closedir(nfs, dir);
  pthread_mutex_unlock(&nfs_mu);
  return 0;
}

static int op_access(const char *path, int mask) {
  const char *path_of_call = path;
  if (mask == F_OK) {
    struct nfs_stat_64 n;
    return LOCKED(nfs_lstat64(nfs, path, &n));
  }
  return LOCKED(nfs_access(nfs, path, mask));
}

static int op_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
  const char *path_of_call = path;
  struct timeval t[2];
  struct timespec now, ts[2];
  (void)fi;
  clock_gettime(CLOCK_REALTIME, &now);
  for (int i = 0; i < 2; i++) {
    struct timespec s = tv[i];
    if (s.tv_nsec == UTIME_NOW) s = now;
    if (s.tv_nsec == UTIME_OMIT) { /* NFS sets both: keep the current value */
      struct nfs_stat_64 n;
      int rc = LOCKED(nfs_lstat64(nfs, path, &n));
      if (rc < 0) return rc;
      s.tv_sec = i == 0 ? n.nfs_atime : n.nfs_mtime;
      s.tv_nsec = i == 0 ? n.nfs_atime_nsec : n.nfs_mtime_nsec;
    }
    t[i].tv_sec = s.tv_sec;
    t[i].tv_usec = s.tv_nsec / 1000;
    ts[i] = s;
  }
  int rc = LOCKED(nfs_utimes(nfs, path, t));
  if (setattr_refused(rc, path)) {
    struct attrs a = {.mask = {0, (1u << (48 - 32)) | (1u << (54 - 32))}};
    put_time(&a, &ts[0]);
    put_time(&a, &ts[1]);
    rc = LOCKED(v4_setattr(path, &a));
  }
  return rc;
}

static void *op_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
  (void)conn;
  /* Close to open, as NFS: attributes and names are trusted for a second. */
  cfg->attr_timeout = 1;
  cfg->entry_timeout = 1;
  cfg->negative_timeout = 0;
  /* libnfs reports no file ids over NFSv4 (0, which readdir(3) skips): FUSE numbers the inodes. */
  cfg->use_ino = 0;
  cfg->hard_remove = 1;
  return NULL;
}

static const struct fuse_operations ops = {
    .init = op_init,
    .getattr = op_getattr,
    .readlink = op_readlink,
    .mkdir = op_mkdir,
    .unlink = op_unlink,
    .rmdir = op_rmdir,
    .symlink = op_symlink,
    .rename = op_rename,
    .link = op_link,
    .chmod = op_chmod,
    .chown = op_chown,
    .truncate = op_truncate,
    .open = op_open,
    .create = op_create,
    .read = op_read,
    .write = op_write,
    .statfs = op_statfs,
    .flush = op_flush,
    .release = op_release,
    .fsync = op_fsync,
    .readdir = op_readdir,
    .access = op_access,
    .utimens = op_utimens,
};

/* ---- mount.nfs ---------------------------------------------------------------- */

/* The settings can travel with the program: lines KEY=VALUE after a line
   CONFIG_MARK at the end of its own file (ELF ignores what follows its segments),
   so that one file mounted into a container as /usr/sbin/mount.nfs is enough.
   The environment wins over them. */
#define CONFIG_MARK "#nfs-fuse-config"

static void load_appended_config(void) {
  FILE *f = fopen("/proc/self/exe", "rb");
  if (!f) return;
  char buf[4096 + 1];
  if (fseek(f, -4096, SEEK_END) != 0) rewind(f);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *p = NULL;
  for (size_t i = 0; i + sizeof CONFIG_MARK <= n; i++)
    if (buf[i] == '\n' && !memcmp(buf + i + 1, CONFIG_MARK "\n", sizeof CONFIG_MARK)) p = buf + i + 1 + sizeof CONFIG_MARK;
  if (!p) return;
  char *save = NULL;
  for (char *line = strtok_r(p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *eq = strchr(line, '=');
    if (!eq || strncmp(line, "NFS_FUSE_", 9) != 0) continue;
    *eq = 0;
    setenv(line, eq + 1, 0);
  }
}

static void die(const char *fmt, ...) {
  va_list ap;
  char msg[1024];
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "mount.nfs: %s\n", msg);
  logmsg("%s %s: mount failed: %s", source_arg ? source_arg : "", target_arg ? target_arg : "", msg);
  exit(EXIT_MOUNT_FAILED);
}

/* The local address for the application's server name, from NFS_FUSE_MAP. */
static char *map_server(const char *name, int *port) {
  const char *map = getenv("NFS_FUSE_MAP");
  if (!map) return NULL;
  char *copy = strdup(map), *save = NULL;
  for (char *pair = strtok_r(copy, " \t\n", &save); pair; pair = strtok_r(NULL, " \t\n", &save)) {
    char *eq = strchr(pair, '=');
    if (!eq) continue;
    *eq = 0;
    if (strcmp(pair, name) != 0) continue;
    char *addr = strdup(eq + 1), *colon = strrchr(addr, ':');
    if (colon) {
      *colon = 0;
      *port = atoi(colon + 1);
    }
    free(copy);
    return addr;
  }
  free(copy);
  return NULL;
}

/* Splits -o OPTIONS into what libnfs and the FUSE mount take; prints the rest. */
static void parse_options(const char *opts, char *fuse_opts, size_t fuse_len, char *ignored,
                          size_t ign_len) {
  if (!opts) return;
  char *copy = strdup(opts), *save = NULL;
  for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
    char *v = strchr(o, '=');
    if (v) v++;
    if (!strncmp(o, "nfsvers=", 8) || !strncmp(o, "vers=", 5)) {
      if (!strcmp(v, "3")) {
        nfs_version = 3;
      } else if (!strcmp(v, "4") || !strcmp(v, "4.0")) {
        nfs_version = 4;
      } else if (!strcmp(v, "4.1") || !strcmp(v, "4.2")) {
        nfs_version = 4;
        fprintf(stderr, "mount.nfs: %s not honoured: libnfs 4.0 speaks NFSv4.0 only; mounting with NFSv4.0\n", o);
        snprintf(version_note, sizeof version_note,
                 "; %s not honoured: NFSv4.0 instead (libnfs 4.0 has no minor version above 0)", o);
      } else {
        die("%s: NFS version %s is not supported by this client (3, 4, 4.0; 4.1 and 4.2 mount 4.0)", o, v);
      }
    } else if (!strcmp(o, "ro") || !strcmp(o, "rw") || !strcmp(o, "nosuid") || !strcmp(o, "nodev") ||
               !strcmp(o, "noexec") || !strcmp(o, "noatime") || !strcmp(o, "suid") || !strcmp(o, "dev") ||
               !strcmp(o, "exec")) {
      snprintf(fuse_opts + strlen(fuse_opts), fuse_len - strlen(fuse_opts), ",%s", o);
    } else if (!strncmp(o, "timeo=", 6)) {
      timeo_ms = atoi(v) * 100; /* deciseconds */
    } else if (!strcmp(o, "sec=sys") || !strcmp(o, "proto=tcp") || !strcmp(o, "hard") || !strcmp(o, "_netdev")) {
      /* what this client does anyway */
    } else if (!strncmp(o, "sec=", 4) || !strncmp(o, "proto=", 6)) {
      die("%s: only sec=sys over proto=tcp is supported by this client", o);
    } else {
      snprintf(ignored + strlen(ignored), ign_len - strlen(ignored), "%s%s", *ignored ? "," : "", o);
    }
  }
  free(copy);
}

int main(int argc, char **argv) {
  const char *opts = NULL;
  int readonly = 0, fake = 0;
  char *positional[2] = {0};
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc) {
      opts = argv[++i];
    } else if (argv[i][0] == '-') {
      for (char *f = argv[i] + 1; *f; f++) {
        if (*f == 'r') readonly = 1;
        else if (*f == 'f') fake = 1;
        else if (strchr("vwns", *f)) continue;
        else die("unknown flag -%c (usage: mount.nfs SERVER:PATH TARGET [-o OPTIONS] [-rvwfns])", *f);
      }
    } else if (npos < 2) {
      positional[npos++] = argv[i];
    } else {
      die("too many arguments (usage: mount.nfs SERVER:PATH TARGET [-o OPTIONS])");
    }
  }
  load_appended_config();
  if (getenv("NFS_FUSE_LOG")) logf = fopen(getenv("NFS_FUSE_LOG"), "a");
  if (npos != 2) die("usage: mount.nfs SERVER:PATH TARGET [-o OPTIONS] [-rvwfns]");
  source_arg = positional[0];
  target_arg = positional[1];
  char *colon = strchr(source_arg, ':');
  if (!colon || colon[1] != '/') die("%s: not SERVER:/PATH", source_arg);
  remote_server = strndup(source_arg, colon - source_arg);
  remote_path = strdup(colon + 1);

  char fuse_opts[512] = "allow_other,fsname=", ignored[512] = "";
  snprintf(fuse_opts + strlen(fuse_opts), sizeof fuse_opts - strlen(fuse_opts), "%s,subtype=nfs", source_arg);
  if (readonly) strcat(fuse_opts, ",ro");
  parse_options(opts, fuse_opts, sizeof fuse_opts, ignored, sizeof ignored);
  if (*ignored) fprintf(stderr, "mount.nfs: options not honoured by this client: %s\n", ignored);

  char *addr = server_addr = map_server(remote_server, &nfs_port);
  if (!addr) die("server %s is not in NFS_FUSE_MAP: this client connects only to the mapped local servers", remote_server);
  if (fake) return 0;

  char err[1024];
  if (nfs_version == 3 && probe_v3(addr, nfs_port ? nfs_port : 2049, err, sizeof err) != 0)
    die("mounting %s over NFSv3 failed: %s", source_arg, err);
  nfs = connect_server(addr, err, sizeof err);
  if (!nfs)
    die("mounting %s (%s:%d over NFSv%d) failed: %s", source_arg, addr, nfs_port ? nfs_port : 2049, nfs_version, err);
  if (nfs_version == 3) write_chunk = nfs_get_writemax(nfs) ? nfs_get_writemax(nfs) : 65536;

  char stand_in[1024];
  snprintf(stand_in, sizeof stand_in,
           "STAND-IN: mount.nfs: %s on %s is a FUSE filesystem speaking NFSv%s to %s:%d "
           "(a userspace client, libnfs, in place of the kernel's)",
           source_arg, target_arg, nfs_version == 3 ? "3" : "4.0", addr, nfs_port ? nfs_port : 2049);
  fprintf(stderr, "%s\n", stand_in);

  char *fargv[] = {argv[0], "-o", fuse_opts, NULL};
  struct fuse_args args = FUSE_ARGS_INIT(3, fargv);
  struct fuse *fuse = fuse_new(&args, &ops, sizeof ops, NULL);
  if (!fuse) die("fuse_new failed (options %s)", fuse_opts);
  if (fuse_mount(fuse, target_arg) != 0) die("cannot mount FUSE at %s (is /dev/fuse there?)", target_arg);
  if (logf) { /* the mount line, in the bind-mount stand-in's format: HH:MM:SS SRC -> TARGET options=OPTS */
    char ts[16];
    time_t t = time(NULL);
    strftime(ts, sizeof ts, "%H:%M:%S", gmtime(&t));
    fprintf(logf, "%s %s -> %s options=%s\n", ts, source_arg, target_arg, opts ? opts : "");
  }
  logmsg("%s: NFSv%s to %s:%d%s%s%s", target_arg, nfs_version == 3 ? "3" : "4.0", addr, nfs_port ? nfs_port : 2049,
         version_note, *ignored ? "; options not honoured: " : "", ignored);
  if (fuse_daemonize(0) != 0) die("cannot go to the background");
  /* SIGTERM, SIGINT, SIGHUP end the loop: the daemon unmounts and exits. */
  if (fuse_set_signal_handlers(fuse_get_session(fuse)) != 0) logmsg("%s: no signal handlers", target_arg);
  const char *pids = getenv("NFS_FUSE_PIDS");
  FILE *pf = pids ? fopen(pids, "a") : NULL;
  if (pf) {
    fprintf(pf, "%d nfs-fuse\n", (int)getpid());
    fclose(pf);
  }
  /* One request at a time: a libnfs context is not thread-safe. */
  int rc = fuse_loop(fuse);
  logmsg("%s: unmounted (loop ended %d)", target_arg, rc);
  fuse_unmount(fuse);
  fuse_destroy(fuse);
  nfs_umount(nfs);
  nfs_destroy_context(nfs);
  return rc ? 1 : 0;
}
