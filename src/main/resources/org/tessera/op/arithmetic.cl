// Pixel-by-pixel arithmetic on float volumes, as the CPU does it in Java (IEEE float).

// dst = a - b
__kernel void subtract(__global const float* a, __global const float* b, __global float* dst, const long n)
{
  const long i = get_global_id(0);
  if (i >= n) return;
  dst[i] = a[i] - b[i];
}
