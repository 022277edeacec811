// The pixel classifier's features on an OpenCL device: the same arithmetic as the
// CPU path (org.tessera.pixel.Features), float by float, so both agree to rounding
// (the eigenvalues are taken in double where the device has it, as on the CPU).
// Volumes are x fastest, then y, then z.

#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double wide;
#else
typedef float wide;
#endif

// np.gradient along one axis: central differences times `central` inside, one-sided
// differences times `edge` at the volume's first and last position along the axis.
__kernel void gradient_axis(__global const float* src, __global float* dst, const int axis, const int nx, const int ny, const int nz,
                            const float central, const float edge)
{
  const int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
  if (x >= nx || y >= ny || z >= nz) return;
  const long idx = x + (long) nx * (y + (long) ny * z);
  int pos, n;
  long stride;
  if (axis == 0) { pos = x; n = nx; stride = 1; }
  else if (axis == 1) { pos = y; n = ny; stride = nx; }
  else { pos = z; n = nz; stride = (long) nx * ny; }
  if (n == 1) { dst[idx] = 0.0f; return; }
  if (pos == 0) dst[idx] = (src[idx + stride] - src[idx]) * edge;
  else if (pos == n - 1) dst[idx] = (src[idx] - src[idx - stride]) * edge;
  else dst[idx] = (src[idx + stride] - src[idx - stride]) * central;
}

// sqrt of the sum of squares of 2 or 3 components, summed in double as on the CPU
__kernel void magnitude(__global const float* a, __global const float* b, __global const float* c, __global float* dst, const int three,
                        const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  wide s = (wide) a[i] * a[i];
  s += (wide) b[i] * b[i];
  if (three) s += (wide) c[i] * c[i];
  dst[i] = (float) sqrt(s);
}

__kernel void subtract(__global const float* a, __global const float* b, __global float* dst, const long n)
{
  const long i = get_global_id(0);
  if (i < n) dst[i] = a[i] - b[i];
}

__kernel void multiply(__global const float* a, __global const float* b, __global float* dst, const long n)
{
  const long i = get_global_id(0);
  if (i < n) dst[i] = a[i] * b[i];
}

// the trace of the Hessian: xx + yy (+ zz), in float as on the CPU
__kernel void trace(__global const float* a, __global const float* b, __global const float* c, __global float* dst, const int three,
                    const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  dst[i] = three ? a[i] + b[i] + c[i] : a[i] + b[i];
}

// eigenvalues of [[a, b], [b, c]], largest first
__kernel void eigen2(__global const float* a, __global const float* b, __global const float* c, __global float* e1, __global float* e2,
                     const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const wide p = a[i], q = b[i], r = c[i];
  const wide mean = (p + r) / 2, d = sqrt((p - r) * (p - r) / 4 + q * q);
  e1[i] = (float) (mean + d);
  e2[i] = (float) (mean - d);
}

// eigenvalues of the symmetric [[a, b, c], [b, d, e], [c, e, f]], largest first (Smith 1961)
__kernel void eigen3(__global const float* A, __global const float* B, __global const float* C, __global const float* D,
                     __global const float* E, __global const float* F, __global float* e1, __global float* e2, __global float* e3,
                     const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const wide a = A[i], b = B[i], c = C[i], d = D[i], e = E[i], f = F[i];
  const wide p1 = b * b + c * c + e * e;
  const wide q = (a + d + f) / 3;
  const wide p2 = (a - q) * (a - q) + (d - q) * (d - q) + (f - q) * (f - q) + 2 * p1;
  if (p2 <= 1e-300) {
    e1[i] = e2[i] = e3[i] = (float) q;
    return;
  }
  const wide p = sqrt(p2 / 6);
  const wide ba = (a - q) / p, bd = (d - q) / p, bf = (f - q) / p, bb = b / p, bc = c / p, be = e / p;
  const wide det = ba * (bd * bf - be * be) - bb * (bb * bf - be * bc) + bc * (bb * be - bd * bc);
  const wide r = fmax((wide) -1, fmin((wide) 1, det / 2));
  const wide phi = acos(r) / 3;
  const wide l1 = q + 2 * p * cos(phi);
  const wide l3 = q + 2 * p * cos(phi + 2 * M_PI / 3);
  e1[i] = (float) l1;
  e3[i] = (float) l3;
  e2[i] = (float) (3 * q - l1 - l3);
}
