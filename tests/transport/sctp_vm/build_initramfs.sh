#!/bin/bash
# Builds the kernel-SCTP test VM for sctp_vm_test: Debian 12's own kernel (the SCTP and
# virtio-net modules of the linux-image-6.1.0-*-amd64 package) and a busybox initramfs
# holding our kernel-backend peer program (sctp_vm_peer) with the shared libraries it needs.
# Adapted from ../shared/tools/sctp-vm/build_initramfs.sh.
#
#   build_initramfs.sh OUT_DIR PEER_BINARY
#
# Writes OUT_DIR/vmlinuz and OUT_DIR/initramfs.cpio.gz. The kernel package stays cached in
# OUT_DIR, so reruns only repack the initramfs (and do nothing when it is newer than the
# peer binary and this script). Exit 3 means the kernel package could not be downloaded.
# Needs: apt-get (Debian archive reachable), dpkg-deb, busybox-static, cpio, kmod.
set -euo pipefail
OUT=$(realpath -m "$1")
PEER=$(realpath "$2")
SELF=$(realpath "$0")
mkdir -p "$OUT"
cd "$OUT"
if [ -f initramfs.cpio.gz ] && [ -f vmlinuz ] && [ initramfs.cpio.gz -nt "$PEER" ] &&
   [ initramfs.cpio.gz -nt "$SELF" ]; then
  echo "initramfs up to date"
  exit 0
fi
if ! ls linux-image-6.1.0-*-amd64_*.deb >/dev/null 2>&1; then
  PKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-6/{print $2; exit}')
  [ -n "$PKG" ] || { echo "no linux-image-6.1 package known to apt"; exit 3; }
  apt-get download "$PKG" || { echo "apt-get download $PKG failed"; exit 3; }
fi
DEB=$(ls linux-image-6.1.0-*-amd64_*.deb | head -1)
if [ ! -d kpkg ] || [ "$DEB" -nt kpkg ]; then
  rm -rf kpkg && mkdir kpkg && dpkg-deb -x "$DEB" kpkg
fi
KVER=$(ls kpkg/lib/modules)
cp "kpkg/boot/vmlinuz-$KVER" vmlinuz
depmod -b kpkg "$KVER"

R=initramfs
rm -rf $R && mkdir -p $R/{bin,sbin,proc,sys,dev,tmp,etc,lib/modules/$KVER}
cp /bin/busybox $R/bin/busybox
cp "$PEER" $R/bin/sctp_vm_peer
# The peer is dynamically linked (spdlog, fmt, libstdc++ ... have no static archives on
# Debian): copy every library ldd names, at the same path.
ldd "$PEER" | awk '/=> \//{print $3} /^[ \t]*\//{print $1}' | sort -u | while read -r lib; do
  mkdir -p "$R$(dirname "$lib")"
  cp -L "$lib" "$R$lib"
done
for m in sctp virtio_net virtio_pci crc32c_generic; do
  modprobe -d kpkg -S "$KVER" --show-depends $m | awk '$1=="insmod"{print $2}'
done | sort -u | while read -r f; do
  rel=${f#*/lib/modules/$KVER/}
  mkdir -p "$R/lib/modules/$KVER/$(dirname "$rel")"
  cp "$f" "$R/lib/modules/$KVER/$rel"
done
cp kpkg/lib/modules/$KVER/modules.order kpkg/lib/modules/$KVER/modules.builtin \
   $R/lib/modules/$KVER/ 2>/dev/null || true
depmod -b $R "$KVER"

cat > $R/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
modprobe crc32c_generic; modprobe virtio_pci; modprobe virtio_net
modprobe sctp && echo "=== kernel sctp loaded"
ip link set lo up
ip link set eth0 up && ip addr add 10.99.0.2/24 dev eth0
echo "=== net up, uptime $(cut -d' ' -f1 /proc/uptime) s"
# Phase 1: our kernel backend as the gNB side, against the host's usrsctp AMF side.
/bin/sctp_vm_peer client 10.99.0.1; echo "=== client phase rc=$?"
# Phase 2: our kernel backend as the AMF side; the host connects (and later pulls the plug).
/bin/sctp_vm_peer server; echo "=== server phase rc=$?"
poweroff -f
INIT
chmod +x $R/init
(cd $R && find . | cpio -o -H newc --quiet | gzip -1) > initramfs.cpio.gz.tmp
mv initramfs.cpio.gz.tmp initramfs.cpio.gz
ls -la vmlinuz initramfs.cpio.gz
