// Minimum, maximum, mean and median filters (org.tessera.filter.RankFilters on the GPU).
// Volumes are float, x fastest. op: 0 min, 1 max, 2 mean, 3 median. boundary_map comes
// from boundary.cl. Neighbours are combined in the same order as on the CPU, so both
// paths agree exactly for min, max and median.

inline float load(__global const float* src, int x, int y, int z, int nx, int ny, int nz, int mode) {
  const int xx = boundary_map(x, nx, mode), yy = boundary_map(y, ny, mode), zz = boundary_map(z, nz, mode);
  if (xx < 0 || yy < 0 || zz < 0) return 0.0f;
  return src[xx + (long) nx * (yy + (long) ny * zz)];
}

// One 1D pass of a box filter (min, max or mean) along one axis; the window is combined from -r to r.
__kernel void axis_pass(__global const float* src, __global float* dst, const int radius, const int axis,
                        const int nx, const int ny, const int nz, const int mode, const int op, const float scale)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz) return;
  const int dx = axis == 0 ? 1 : 0, dy = axis == 1 ? 1 : 0, dz = axis == 2 ? 1 : 0;
  float acc = load(src, x - radius * dx, y - radius * dy, z - radius * dz, nx, ny, nz, mode);
  for (int k = -radius + 1; k <= radius; k++) {
    const float v = load(src, x + k * dx, y + k * dy, z + k * dz, nx, ny, nz, mode);
    if (op == 0) acc = fmin(acc, v);
    else if (op == 1) acc = fmax(acc, v);
    else acc += v;
  }
  if (op == 2) acc *= scale;
  dst[x + (long) nx * (y + (long) ny * z)] = acc;
}

// Every neighbour of a listed neighbourhood (offsets: dx, dy, dz triples); MAX_K is defined at build time.
__kernel void neighborhood(__global const float* src, __global float* dst, __constant int* offsets, const int count,
                           const int nx, const int ny, const int nz, const int mode, const int op, const float scale)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz) return;
  float acc = 0.0f;
  float values[MAX_K];
  for (int i = 0; i < count; i++) {
    const float v = load(src, x + offsets[3 * i], y + offsets[3 * i + 1], z + offsets[3 * i + 2], nx, ny, nz, mode);
    if (op == 3) values[i] = v;
    else if (i == 0) acc = v;
    else if (op == 0) acc = fmin(acc, v);
    else if (op == 1) acc = fmax(acc, v);
    else acc += v;
  }
  if (op == 3) {
    // insertion sort, then the middle value
    for (int i = 1; i < count; i++) {
      const float v = values[i];
      int j = i - 1;
      while (j >= 0 && values[j] > v) { values[j + 1] = values[j]; j--; }
      values[j + 1] = v;
    }
    acc = values[count / 2];
  }
  else if (op == 2) acc *= scale;
  dst[x + (long) nx * (y + (long) ny * z)] = acc;
}
