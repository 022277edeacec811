// Connected components on the device: every foreground pixel starts with its own
// index + 1 as label; neighbour-minimum passes and pointer jumping (label of the
// pixel the label points to) repeat until nothing changes. A component ends with
// the index + 1 of its first pixel (x fastest, then y, then z).

__kernel void init_labels(__global const float* mask, __global int* labels, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  labels[i] = mask[i] != 0.0f ? (int) (i + 1) : 0;
}

// One pass: the smallest label among the pixel and its foreground neighbours.
__kernel void min_neighbours(__global int* labels, __constant int* offsets, const int count,
                             const int nx, const int ny, const int nz, __global int* changed)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz) return;
  const long i = x + (long) nx * (y + (long) ny * z);
  const int l = labels[i];
  if (l == 0) return;
  int m = l;
  for (int k = 0; k < count; k++) {
    const int xx = x + offsets[3 * k], yy = y + offsets[3 * k + 1], zz = z + offsets[3 * k + 2];
    if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
    const int o = labels[xx + (long) nx * (yy + (long) ny * zz)];
    if (o != 0 && o < m) m = o;
  }
  if (m < l) {
    atomic_min(&labels[i], m);
    changed[0] = 1;
  }
}

// Pointer jumping: follow the label to the pixel it names and take that pixel's label.
__kernel void jump(__global int* labels, const long n, __global int* changed)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const int l = labels[i];
  if (l == 0) return;
  const int t = labels[l - 1];
  if (t != 0 && t < l) {
    atomic_min(&labels[i], t);
    changed[0] = 1;
  }
}
