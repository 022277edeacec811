// Separable convolution with a symmetric kernel along one axis of a float
// volume (x fastest, then y, then z). The weights are precomputed on the host:
// w[0] is the centre, w[k] the weight at offset +k and -k.
//
// boundary_map comes from boundary.cl, built together with this file.
//
// The sums are formed in the same order as the CPU path (SeparableGaussian) and
// without fused multiply-adds, so both give bit-identical results; the
// segmentation workflows that threshold blurred images rely on that.

#pragma OPENCL FP_CONTRACT OFF

__kernel void convolve_axis(__global const float* src, __global float* dst, __constant float* w,
                            const int radius, const int axis, const int nx, const int ny, const int nz,
                            const int mode)
{
  const int x = get_global_id(0);
  const int y = get_global_id(1);
  const int z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz) return;
  const long idx = x + (long) nx * (y + (long) ny * z);
  int pos, n;
  long stride;
  if (axis == 0) { pos = x; n = nx; stride = 1; }
  else if (axis == 1) { pos = y; n = ny; stride = nx; }
  else { pos = z; n = nz; stride = (long) nx * ny; }
  float acc = w[0] * src[idx];
  if (pos >= radius && pos + radius < n) {
    // interior: no boundary handling
    for (int k = 1; k <= radius; k++) acc += w[k] * (src[idx - k * stride] + src[idx + k * stride]);
    dst[idx] = acc;
    return;
  }
  const long base = idx - pos * stride;
  for (int k = 1; k <= radius; k++) {
    const int pm = boundary_map(pos - k, n, mode);
    const int pp = boundary_map(pos + k, n, mode);
    const float a = pm >= 0 ? src[base + pm * stride] : 0.0f;
    const float b = pp >= 0 ? src[base + pp * stride] : 0.0f;
    acc += w[k] * (a + b);
  }
  dst[idx] = acc;
}
