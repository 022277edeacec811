// Voronoi-Otsu labeling on the device (GpuVoronoiOtsu). Volumes are x fastest;
// masks are uchar (non-zero = inside).

// Local maxima with full connectivity, for the pixels of the mask only:
// 0 = a neighbour is greater, 1 = none is greater or equal, 2 = none is greater
// but one is equal (a plateau, decided on the host as LocalMaxima does).
__kernel void maxima(__global const float* img, __global const uchar* mask, __global uchar* state,
                     const int nx, const int ny, const int nz, __global int* plateaus)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz) return;
  const long i = x + (long) nx * (y + (long) ny * z);
  if (mask[i] == 0) { state[i] = 0; return; }
  const float v = img[i];
  int equal = 0;
  for (int dz = -1; dz <= 1; dz++) {
    const int zz = z + dz;
    if (zz < 0 || zz >= nz) continue;
    for (int dy = -1; dy <= 1; dy++) {
      const int yy = y + dy;
      if (yy < 0 || yy >= ny) continue;
      for (int dx = -1; dx <= 1; dx++) {
        const int xx = x + dx;
        if (xx < 0 || xx >= nx || (dx == 0 && dy == 0 && dz == 0)) continue;
        const float w = img[xx + (long) nx * (yy + (long) ny * zz)];
        if (w > v) { state[i] = 0; return; }
        if (w == v) equal = 1;
      }
    }
  }
  state[i] = equal ? 2 : 1;
  if (equal) plateaus[0] = 1;
}

// Seeds for connected-component labeling: maxima start with their index + 1.
__kernel void seeds(__global const uchar* state, __global int* labels, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  labels[i] = state[i] != 0 ? (int) (i + 1) : 0;
}

// One step of growth through the mask, for the listed mask pixels (only they
// are written; src and dst start equal): an unlabelled pixel takes the largest
// label among its face neighbours.
__kernel void grow(__global const int* src, __global int* dst, __global const int* pixels,
                   const int count, const int nx, const int ny, const int nz, __global int* changed)
{
  const int k = get_global_id(0);
  if (k >= count) return;
  const int i = pixels[k];
  const int l = src[i];
  if (l != 0) { dst[i] = l; return; }
  const int plane = nx * ny;
  const int x = i % nx, y = (i / nx) % ny, z = i / plane;
  int m = 0;
  if (x > 0) m = max(m, src[i - 1]);
  if (x + 1 < nx) m = max(m, src[i + 1]);
  if (y > 0) m = max(m, src[i - nx]);
  if (y + 1 < ny) m = max(m, src[i + nx]);
  if (z > 0) m = max(m, src[i - plane]);
  if (z + 1 < nz) m = max(m, src[i + plane]);
  dst[i] = m;
  if (m != 0) changed[0] = 1;
}
