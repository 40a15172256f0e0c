/**
 * Name pools of the synthetic victim lists (synthetic-lists.ts). Invented people only: common
 * given names and surnames of Peru and of the three largest foreign groups among victims
 * identified in Peru (Venezuela, Colombia, Ecuador), listed roughly from most to least common
 * so a Zipf-like draw gives "Quispe" and "María" their real weight in blocking. "_" stands for
 * a space inside a surname ("De_la_Cruz").
 */

export interface NamePool {
  female: string[];
  male: string[];
  surnames: string[];
}

const words = (text: string) =>
  text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/_/g, " "));

export const NAME_POOLS: Record<"PER" | "VEN" | "COL" | "ECU", NamePool> = {
  PER: {
    female: words(`María Rosa Carmen Ana Luz Juana Milagros Yesenia Flor Gladys Marleni Nelly
      Sonia Elizabeth Lucía Sofía Valeria Camila Ariana Fiorella Katherine Jazmín Mayra Roxana
      Karina Yolanda Elena Isabel Esther Silvia Patricia Maribel Nataly Daniela Andrea Alexandra
      Kiara Brenda Shirley Yuliana Luzmila Noemí Ruth Sandra Vilma Zulema Giovanna Leydi Melany
      Xiomara Yaneth Deysi Rocío Pilar Teresa Marisol Celia Haydée Lourdes Miriam Nayeli Edith
      Flormira Senaida Hilda Olga Betty Judith Rut Liz Yovana Maritza Beatriz Rosario Graciela`),
    male: words(`José Luis Juan Carlos Jorge Miguel Víctor César Pedro Jesús Alex Edwin Wilmer
      Percy Ronald Julio Manuel Raúl Walter Hugo Fredy Elvis Jhon Kevin Brayan Anthony Diego
      Sebastián Mateo Santiago Alonso Renzo Franco Joel Abel Richard Nilton Yuri Óscar Wilber
      Henry Frank Rubén Saúl Hernán Efraín Rolando Teodoro Gilmer Yimi Rider Nelson Eduardo`),
    surnames: words(`Quispe Flores Sánchez Rodríguez García Rojas Mamani Huamán Chávez Vásquez
      Ramírez Torres Díaz Castillo Mendoza López Gonzales Pérez Ramos Cruz Gutiérrez Espinoza
      Fernández Vargas Romero Condori Silva Morales Herrera Aguilar Medina Salazar Córdova
      Paredes Ríos Cárdenas Mejía Reyes Huanca Ccori Apaza Choque Ticona Pari Yupanqui Huayta
      Ccahuana Llanos Villanueva Zapata Zevallos Benavides Valverde Bravo Vilca Inga Soto Luna
      Rivera Cáceres Alarcón Tello Poma Cusi Arce Lozano Guevara Campos Vega Navarro Ortiz Suárez
      Jiménez Cabrera Palomino Ayala Huillca Sullca Puma Tapia Ñahui Peña Calderón De_la_Cruz
      Del_Castillo Huarcaya Layme Cahuana Cjuro Challco Sihuincha Yauri Ccopa Huaraca Machaca
      Anccasi Chambi Velásquez Villegas Olivera Saavedra Zegarra Oré Lázaro Gálvez Carhuas Asto`),
  },
  VEN: {
    female: words(`Yorgelis Yusmary Oriana Génesis Daniela Mariangel Yelitza Yohana Andreína
      Milagros Karelys Wendy Dayana Yuleisy Norelys Rosmary Marbelis Nathaly Yeimy Valentina
      Yuliannys Maryelis Ailyn Greisy Yorbelis`),
    male: words(`Yeferson Keiner Jhonatan Luis Carlos José Yorman Jesús Ender Wilmer Deivis
      Reinaldo Anyelo Yoel Freddy Yonaiker Eduar Jhoan Wuilmer Yorvis`),
    surnames: words(`Hernández González Pérez Rodríguez Martínez Rangel Briceño Colmenares
      Guerrero Villalobos Contreras Márquez Suárez Rivas Mora Zambrano Parra Ramírez Useche
      Chacón Belandria Urdaneta Quintero Montilla Peña Escalona Gil Medina Rondón`),
  },
  COL: {
    female: words(`Valentina Sofía Luisa Paola Yuliana Natalia Leidy Marcela Angie Tatiana
      Vanessa Dayanna Erika Yessica Lorena`),
    male: words(`Juan Jhon Andrés Camilo Brayan Duván Yeison Stiven Julián Sebastián Wilson
      Edwar Fabián`),
    surnames: words(`Restrepo Cardona Osorio Ospina Giraldo Londoño Gómez Muñoz Castaño Valencia
      Arango Zuluaga Montoya Jaramillo Agudelo Salazar Rincón Vargas Henao Quintero`),
  },
  ECU: {
    female: words(`Mayerli Jessenia Gissela Doménica Nayeli Karla Mishell Anahí Tatiana Dayanara
      Jomaira Evelyn`),
    male: words(`Jhonny Washington Byron Klever Segundo Darwin Stalin Wilson Holger Édison
      Fausto Geovanny`),
    surnames: words(`Zambrano Cedeño Mendoza Macías Vera Moreira Alcívar Chiluisa Guamán Pilco
      Tenesaca Caiza Andrade Espinoza Loor Intriago Cevallos Toaquiza`),
  },
};
