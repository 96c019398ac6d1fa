// Approximate centres (decimal degrees, two decimals: about a kilometre) of
// the canonical cities of core's `CITY_NAMES`, by their canonical name.
// Kept here, behind `cityCentroid`, until core's place table carries centroids.
const CENTROIDS: Readonly<Record<string, readonly [number, number]>> = {
  Mumbai: [19.08, 72.88],
  'Navi Mumbai': [19.03, 73.03],
  Thane: [19.22, 72.98],
  Delhi: [28.65, 77.23],
  'New Delhi': [28.61, 77.21],
  Noida: [28.54, 77.39],
  'Greater Noida': [28.47, 77.5],
  Ghaziabad: [28.67, 77.45],
  Gurugram: [28.46, 77.03],
  Faridabad: [28.41, 77.32],
  Bengaluru: [12.97, 77.59],
  Chennai: [13.08, 80.27],
  Kolkata: [22.57, 88.36],
  Howrah: [22.59, 88.31],
  Hyderabad: [17.39, 78.49],
  Secunderabad: [17.44, 78.5],
  Pune: [18.52, 73.86],
  Ahmedabad: [23.02, 72.57],
  Gandhinagar: [23.22, 72.65],
  Jaipur: [26.91, 75.79],
  Jodhpur: [26.24, 73.02],
  Udaipur: [24.59, 73.71],
  Kota: [25.21, 75.86],
  Ajmer: [26.45, 74.64],
  Bikaner: [28.02, 73.31],
  Lucknow: [26.85, 80.95],
  Kanpur: [26.45, 80.33],
  Varanasi: [25.32, 82.97],
  Prayagraj: [25.44, 81.85],
  Agra: [27.18, 78.01],
  Meerut: [28.98, 77.71],
  Bareilly: [28.37, 79.43],
  Aligarh: [27.88, 78.08],
  Gorakhpur: [26.76, 83.37],
  Moradabad: [28.84, 78.77],
  Ayodhya: [26.8, 82.2],
  Dehradun: [30.32, 78.03],
  Haridwar: [29.95, 78.16],
  Rishikesh: [30.09, 78.27],
  Chandigarh: [30.73, 76.78],
  Mohali: [30.7, 76.72],
  Panchkula: [30.69, 76.86],
  Ludhiana: [30.9, 75.86],
  Amritsar: [31.63, 74.87],
  Jalandhar: [31.33, 75.58],
  Patiala: [30.34, 76.39],
  Bathinda: [30.21, 74.95],
  Shimla: [31.1, 77.17],
  Srinagar: [34.08, 74.8],
  Jammu: [32.73, 74.86],
  Leh: [34.15, 77.58],
  Bhopal: [23.26, 77.41],
  Indore: [22.72, 75.86],
  Gwalior: [26.22, 78.18],
  Jabalpur: [23.18, 79.99],
  Raipur: [21.25, 81.63],
  Bilaspur: [22.08, 82.14],
  Nagpur: [21.15, 79.09],
  Nashik: [20.0, 73.79],
  Aurangabad: [19.88, 75.34],
  Kolhapur: [16.7, 74.24],
  Solapur: [17.66, 75.91],
  Panaji: [15.49, 73.83],
  Margao: [15.27, 73.96],
  'Vasco da Gama': [15.4, 73.81],
  Surat: [21.17, 72.83],
  Vadodara: [22.31, 73.18],
  Rajkot: [22.3, 70.8],
  Bhavnagar: [21.76, 72.15],
  Jamnagar: [22.47, 70.06],
  Mysuru: [12.3, 76.64],
  Mangaluru: [12.91, 74.86],
  Hubballi: [15.36, 75.12],
  Dharwad: [15.46, 75.01],
  Belagavi: [15.85, 74.5],
  Kalaburagi: [17.33, 76.83],
  Ballari: [15.14, 76.92],
  Vijayapura: [16.83, 75.71],
  Shivamogga: [13.93, 75.57],
  Tumakuru: [13.34, 77.1],
  Davanagere: [14.46, 75.92],
  Manipal: [13.35, 74.79],
  Udupi: [13.34, 74.75],
  Coimbatore: [11.02, 76.96],
  Madurai: [9.93, 78.12],
  Tiruchirappalli: [10.8, 78.69],
  Salem: [11.66, 78.15],
  Tirunelveli: [8.71, 77.76],
  Thoothukudi: [8.76, 78.13],
  Vellore: [12.92, 79.13],
  Erode: [11.34, 77.72],
  Tiruppur: [11.11, 77.34],
  Thanjavur: [10.79, 79.14],
  Kanchipuram: [12.83, 79.7],
  Nagercoil: [8.18, 77.41],
  Karur: [10.96, 78.08],
  Hosur: [12.74, 77.83],
  Udhagamandalam: [11.41, 76.7],
  Puducherry: [11.94, 79.81],
  Karaikal: [10.93, 79.84],
  Thiruvananthapuram: [8.52, 76.94],
  Kochi: [9.93, 76.27],
  Ernakulam: [9.98, 76.28],
  Kozhikode: [11.26, 75.78],
  Thrissur: [10.53, 76.21],
  Kollam: [8.89, 76.61],
  Kannur: [11.87, 75.37],
  Alappuzha: [9.5, 76.34],
  Kottayam: [9.59, 76.52],
  Palakkad: [10.79, 76.65],
  Malappuram: [11.07, 76.07],
  Visakhapatnam: [17.69, 83.22],
  Vijayawada: [16.51, 80.65],
  Guntur: [16.31, 80.44],
  Nellore: [14.44, 79.99],
  Tirupati: [13.63, 79.42],
  Kakinada: [16.99, 82.25],
  Rajahmundry: [17.0, 81.8],
  Kurnool: [15.83, 78.04],
  Amaravati: [16.51, 80.52],
  Warangal: [17.97, 79.59],
  Karimnagar: [18.44, 79.13],
  Bhubaneswar: [20.3, 85.82],
  Cuttack: [20.46, 85.88],
  Rourkela: [22.26, 84.85],
  Puri: [19.81, 85.83],
  Patna: [25.59, 85.14],
  Gaya: [24.79, 85.0],
  Muzaffarpur: [26.12, 85.39],
  Bhagalpur: [25.24, 86.98],
  Darbhanga: [26.15, 85.9],
  Ranchi: [23.34, 85.31],
  Jamshedpur: [22.8, 86.2],
  Dhanbad: [23.8, 86.43],
  'Bokaro Steel City': [23.67, 86.15],
  Durgapur: [23.52, 87.31],
  Asansol: [23.68, 86.98],
  Siliguri: [26.73, 88.4],
  Kharagpur: [22.35, 87.23],
  Guwahati: [26.14, 91.74],
  Dibrugarh: [27.47, 94.91],
  Silchar: [24.83, 92.78],
  Jorhat: [26.75, 94.2],
  Shillong: [25.58, 91.89],
  Imphal: [24.82, 93.94],
  Aizawl: [23.73, 92.72],
  Agartala: [23.83, 91.29],
  Kohima: [25.67, 94.11],
  Dimapur: [25.91, 93.73],
  Itanagar: [27.08, 93.61],
  Gangtok: [27.33, 88.61],
  'Port Blair': [11.62, 92.73],
  Kavaratti: [10.57, 72.64],
  Silvassa: [20.27, 73.02],
  Daman: [20.41, 72.83],
};

/** A point in decimal degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/**
 * The approximate centre of a canonical city (`Bengaluru`, `Gurugram`), or
 * undefined for a city the table does not hold.
 *
 * ### Examples
 * ```ts
 * import { cityCentroid } from '@provider-data/report';
 *
 * cityCentroid('Chennai'); // { lat: 13.08, lng: 80.27 }
 * ```
 */
export function cityCentroid(city: string): LatLng | undefined {
  const centre = CENTROIDS[city];
  return centre ? { lat: centre[0], lng: centre[1] } : undefined;
}

/** The canonical cities {@link cityCentroid} knows. */
export function citiesWithCentroids(): string[] {
  return Object.keys(CENTROIDS);
}

const EARTH_RADIUS_KM = 6371.0088;

/** The great-circle (haversine) distance between two points, in kilometres. */
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
