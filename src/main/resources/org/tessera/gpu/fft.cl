// Mixed-radix Stockham FFT passes along one axis of a complex volume
// (interleaved re, im as float2; x fastest, then y, then z). GpuFft launches
// one pass per radix, out of place, from src to dst; work-item = one butterfly.
//
// Pass with radix R along an axis of length n, after passes whose radices
// multiply to p (p = 1 for the first pass); butterfly i in [0, n/R), k = i mod p:
//   a_t = src[i + t n/R] * w_{pR}^(t k)        t = 0..R-1
//   dst[(i - k) R + k + s p] = sum_t a_t w_R^(s t)   s = 0..R-1
// with w_M = exp(direction 2 pi i / M): direction = -1 forward, +1 inverse. After the last
// pass dst holds the transform in natural order (no bit reversal needed).
//
// The twiddles come from a table computed on the host in double precision:
// table[e] = (cos, sin)(2 pi e / n); w_{pR}^(t k) = table[t k m] with m = n / (pR),
// conjugated (direction times the sine) for the forward transform. Nothing is
// computed with sin/cos on the device.
//
// (The exponent's sign is the argument "direction": pocl renames an argument
// named like the built-in sign() in its argument info, and CLIJ sets arguments
// by those names.)
//
// No fused multiply-adds: every value is rounded as written, so devices agree
// (up to how they treat denormals).

#pragma OPENCL FP_CONTRACT OFF

inline float2 cmul(const float2 a, const float2 b)
{
  return (float2) (a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

// i * a times the exponent's sign (+1 or -1)
inline float2 rot(const float2 a, const float direction)
{
  return (float2) (-direction * a.y, direction * a.x);
}

// Global sizes: the butterfly index i runs along the transformed axis, the
// other two ids pick the line; so neighbouring work-items read neighbouring
// memory along x for every axis.
#define PASS_SETUP(R)                                                         \
  const int g0 = get_global_id(0), g1 = get_global_id(1), g2 = get_global_id(2); \
  const long plane = (long) nx * ny;                                          \
  int i;                                                                      \
  long base, stride;                                                          \
  if (axis == 0) { i = g0; base = g1 * (long) nx + g2 * plane; stride = 1; }  \
  else if (axis == 1) { i = g1; base = g0 + g2 * plane; stride = nx; }        \
  else { i = g2; base = g0 + g1 * (long) nx; stride = plane; }                \
  const int q = n / R;                                                        \
  const int k = i % p;                                                        \
  const int m = n / (p * R);                                                  \
  float2 a[R];                                                                \
  for (int t = 0; t < R; t++) a[t] = src[base + (long) (i + t * q) * stride]; \
  if (k != 0)                                                                 \
    for (int t = 1; t < R; t++) {                                             \
      const float2 w = twiddles[t * k * m];                                   \
      a[t] = cmul(a[t], (float2) (w.x, direction * w.y));                     \
    }                                                                         \
  const long out = base + (long) ((i - k) * R + k) * stride;                  \
  const long step = (long) p * stride;

__kernel void radix2(__global const float2* src, __global float2* dst, __global const float2* twiddles,
                     const int n, const int p, const int axis, const int nx, const int ny,
                     const float direction, const float scale)
{
  PASS_SETUP(2)
  dst[out] = (a[0] + a[1]) * scale;
  dst[out + step] = (a[0] - a[1]) * scale;
}

__kernel void radix3(__global const float2* src, __global float2* dst, __global const float2* twiddles,
                     const int n, const int p, const int axis, const int nx, const int ny,
                     const float direction, const float scale)
{
  PASS_SETUP(3)
  const float c = -0.5f, s = 0.8660254037844386f; // cos, sin(2 pi / 3)
  const float2 sum = a[1] + a[2];
  const float2 mid = a[0] + c * sum;
  const float2 dif = rot(s * (a[1] - a[2]), direction);
  dst[out] = (a[0] + sum) * scale;
  dst[out + step] = (mid + dif) * scale;
  dst[out + 2 * step] = (mid - dif) * scale;
}

__kernel void radix4(__global const float2* src, __global float2* dst, __global const float2* twiddles,
                     const int n, const int p, const int axis, const int nx, const int ny,
                     const float direction, const float scale)
{
  PASS_SETUP(4)
  const float2 s02 = a[0] + a[2], d02 = a[0] - a[2];
  const float2 s13 = a[1] + a[3], d13 = rot(a[1] - a[3], direction);
  dst[out] = (s02 + s13) * scale;
  dst[out + step] = (d02 + d13) * scale;
  dst[out + 2 * step] = (s02 - s13) * scale;
  dst[out + 3 * step] = (d02 - d13) * scale;
}

__kernel void radix5(__global const float2* src, __global float2* dst, __global const float2* twiddles,
                     const int n, const int p, const int axis, const int nx, const int ny,
                     const float direction, const float scale)
{
  PASS_SETUP(5)
  // cos and sin of 2 pi / 5 and 4 pi / 5
  const float c1 = 0.30901699437494745f, c2 = -0.8090169943749473f;
  const float s1 = 0.9510565162951535f, s2 = 0.5877852522924732f;
  const float2 u1 = a[1] + a[4], v1 = a[1] - a[4];
  const float2 u2 = a[2] + a[3], v2 = a[2] - a[3];
  const float2 r1 = a[0] + c1 * u1 + c2 * u2;
  const float2 r2 = a[0] + c2 * u1 + c1 * u2;
  const float2 i1 = rot(s1 * v1 + s2 * v2, direction);
  const float2 i2 = rot(s2 * v1 - s1 * v2, direction);
  dst[out] = (a[0] + u1 + u2) * scale;
  dst[out + step] = (r1 + i1) * scale;
  dst[out + 2 * step] = (r2 + i2) * scale;
  dst[out + 3 * step] = (r2 - i2) * scale;
  dst[out + 4 * step] = (r1 - i1) * scale;
}
