/**
 * MNIST (LeCun et al. 1998) and Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) as verified
 * in-memory byte arrays with train/validation/test iterators. The validation set is carved from
 * the 60,000-image training file by a seeded permutation; Burda, Grosse and Salakhutdinov (2015)
 * use 59,600/400.
 */
package org.vae4j.datasets.mnist;
