// Richardson-Lucy on the device (GpuRichardsonLucy): the pointwise steps of
// RichardsonLucy.apply, in the same order, in float (no double needed on the device), on domain-sized arrays
// (x fastest). The FFTs are GpuFft's.

#pragma OPENCL FP_CONTRACT OFF

// ratio = inside the image ? g / max(hf, tiny) : 0
__kernel void ratio(__global float* hf, __global const float* g, __global const uchar* window, const float tiny, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  hf[i] = window[i] ? g[i] / fmax(hf[i], tiny) : 0.0f;
}

// next = s > smin ? y * c / (s * max(1 - lambda * tv, 0.1)) : 0   (tv is not read when lambda == 0)
__kernel void update(__global float* next, __global const float* y, __global const float* c, __global const float* s,
                     __global const float* tv, const float lambda, const float smin, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const float si = s[i];
  if (si <= smin) { next[i] = 0.0f; return; }
  float factor = lambda > 0.0f ? 1.0f - lambda * tv[i] : 1.0f;
  factor = fmax(factor, 0.1f);
  next[i] = y[i] * c[i] / (si * factor);
}

// the normalised gradient (forward differences, 0 past the last pixel): g = grad f / sqrt(|grad f|^2 + eps^2)
__kernel void normalised_gradient(__global const float* f, __global float* gx, __global float* gy, __global float* gz,
                                  const int nx, const int ny, const int nz, const float eps)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz) return;
  const long plane = (long) nx * ny;
  const long i = x + (long) nx * y + plane * z;
  const float dx = x + 1 < nx ? f[i + 1] - f[i] : 0.0f;
  const float dy = y + 1 < ny ? f[i + nx] - f[i] : 0.0f;
  const float dz = z + 1 < nz ? f[i + plane] - f[i] : 0.0f;
  const float norm = sqrt(dx * dx + dy * dy + dz * dz + eps * eps);
  gx[i] = dx / norm;
  gy[i] = dy / norm;
  gz[i] = dz / norm;
}

// div g with backward differences (0 before the first pixel)
__kernel void divergence(__global const float* gx, __global const float* gy, __global const float* gz, __global float* div,
                         const int nx, const int ny, const int nz)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz) return;
  const long plane = (long) nx * ny;
  const long i = x + (long) nx * y + plane * z;
  float v = gx[i] - (x > 0 ? gx[i - 1] : 0.0f) + gy[i] - (y > 0 ? gy[i - nx] : 0.0f);
  if (nz > 1) v += gz[i] - (z > 0 ? gz[i - plane] : 0.0f);
  div[i] = v;
}

// Biggs-Andrews: y = max(0, f + alpha (f - previous))
__kernel void extrapolate(__global float* y, __global const float* f, __global const float* previous, const float alpha, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  y[i] = fmax(0.0f, f[i] + alpha * (f[i] - previous[i]));
}

// delta = next - y (the step of one iteration; "step" is an OpenCL built-in)
__kernel void difference(__global float* delta, __global const float* next, __global const float* y, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  delta[i] = next[i] - y[i];
}

// partial dot products a.b and b.b over chunks of `chunk` values, one chunk per work-item (summed on the host in double)
__kernel void dots(__global const float* a, __global const float* b, __global float* ab, __global float* bb, const int chunk, const long n)
{
  const long k = get_global_id(0);
  const long from = k * chunk;
  if (from >= n) return;
  const long to = min(from + (long) chunk, n);
  float sab = 0.0f, sbb = 0.0f, cab = 0.0f, cbb = 0.0f; // Kahan sums
  for (long i = from; i < to; i++) {
    const float p = a[i] * b[i] - cab;
    const float t = sab + p;
    cab = (t - sab) - p;
    sab = t;
    const float q = b[i] * b[i] - cbb;
    const float u = sbb + q;
    cbb = (u - sbb) - q;
    sbb = u;
  }
  ab[k] = sab;
  bb[k] = sbb;
}
