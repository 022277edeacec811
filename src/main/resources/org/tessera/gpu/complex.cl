// Pointwise operations on complex buffers (interleaved re, im as float2) for
// FFT-based deconvolution; one work-item per element. No fused multiply-adds,
// so the products are the ones Java's float arithmetic gives (denormals aside).

#pragma OPENCL FP_CONTRACT OFF

// a *= b
__kernel void multiply(__global float2* a, __global const float2* b, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const float2 x = a[i], y = b[i];
  a[i] = (float2) (x.x * y.x - x.y * y.y, x.x * y.y + x.y * y.x);
}

// a *= conj(b)
__kernel void multiply_conjugate(__global float2* a, __global const float2* b, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  const float2 x = a[i], y = b[i];
  a[i] = (float2) (x.x * y.x + x.y * y.y, x.y * y.x - x.x * y.y);
}

// complex = (real, 0)
__kernel void real_to_complex(__global const float* real, __global float2* complex, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  complex[i] = (float2) (real[i], 0.0f);
}

// real = re(complex)
__kernel void complex_to_real(__global const float2* complex, __global float* real, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  real[i] = complex[i].x;
}
