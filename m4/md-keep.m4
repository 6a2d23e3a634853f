dnl m4/md-keep.m4: keeps the m4/ directory in git (aclocal and autopoint
dnl copy their macros here).
